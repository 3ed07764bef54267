import type { ParsedItem } from '../parse/types';
import { x509 } from '../x509';
import type { LintCert, LintInput, LintKey } from './types';

/**
 * Dropped items as the files a target system would load: where each sits (folder, file name, Unix
 * mode) matters, because systems find their files by name in one certs-dir.
 */
export function lintFiles(items: readonly ParsedItem[]): Pick<LintInput, 'certs' | 'keys'> {
	const certs: LintCert[] = [];
	const keys: LintKey[] = [];
	for (const item of items) {
		const path = item.source.entry ? `${item.source.file} › ${item.source.entry}` : item.source.file;
		const inner = item.source.entry ?? item.source.file;
		const slash = inner.lastIndexOf('/');
		const where = {
			path,
			dir: (item.source.entry ? `${item.source.file} › ` : '') + (slash >= 0 ? inner.slice(0, slash) : ''),
			base: inner.slice(slash + 1),
			...(item.mode !== undefined ? { mode: item.mode } : {}),
			...(item.source.localKeyId ? { localKeyId: item.source.localKeyId } : {})
		};
		if (item.kind === 'certificate') {
			const bc = item.cert.getExtension(x509.BasicConstraintsExtension);
			certs.push({
				...where,
				cert: item.cert,
				isCa: bc?.ca === true,
				cn: item.cert.subjectName.getField('CN')[0] ?? ''
			});
		} else if (item.kind === 'private-key') {
			keys.push({ ...where, pkcs8: item.der, info: item.algorithm });
		}
	}
	return { certs, keys };
}

/**
 * The key file that goes with a certificate, by the naming conventions of the tools that write them:
 * node.crt/node.key (cockroach cert, elasticsearch-certutil), dc1-server-consul-0.pem /
 * dc1-server-consul-0-key.pem (consul tls), tls.crt/tls.key (Kubernetes), and the key that shares a
 * PKCS#12 file and localKeyID with the certificate. A key with a localKeyID belongs to the certificate
 * with that id (PKCS #9 localKeyId, RFC 2985 §5.5.2), never to a certificate bag that has none, such as
 * the CA a keystore carries as a trusted entry beside its key entry.
 */
export function pairedKey(cert: LintCert, keys: readonly LintKey[]): LintKey | undefined {
	if (cert.localKeyId) {
		const byId = keys.find((k) => k.path === cert.path && k.localKeyId === cert.localKeyId);
		if (byId) return byId;
	}
	const samePath = keys.filter(
		(k) => k.path === cert.path && (k.localKeyId === undefined || cert.localKeyId !== undefined)
	);
	if (samePath.length === 1) return samePath[0];
	const stem = cert.base.replace(/\.(crt|pem|cer|cert|der)$/i, '');
	const names = new Set([`${stem}.key`, `${stem}-key.pem`, `${stem}.key.pem`, `${stem}_key.pem`]);
	return keys.find((k) => k.dir === cert.dir && names.has(k.base));
}
