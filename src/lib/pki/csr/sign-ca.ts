import { algorithmOfKey, signingParams } from '../algorithms';
import { validatePathLen } from '../ca-input';
import type { PkiDeps } from '../deps';
import { sha1 } from '../der/sha1';
import * as der from '../der/x509';
import { PkiError } from '../errors';
import { issuerKeyId, type SigningIssuer } from '../issue/sign';
import { randomSerialHex } from '../serial';
import { leafValidity } from '../validity';
import { x509 } from '../x509';
import { checkCsr } from './describe';
import { parseSanList } from './names';

export interface CsrCaChoice {
	days: number;
	/** CAs allowed below the new one; undefined for no limit (when the issuer allows that). */
	pathLen?: number;
	/** The edited SAN list: Consul's secondary-datacenter CSR asks for its spiffe:// signing URI. */
	sans: string;
}

/**
 * The path length of a CA signed under `issuer`: below the issuer's own (RFC 5280 §4.2.1.9), and
 * when none is chosen, the most the issuer allows. The rule createIntermediateCa applies (ca.ts).
 */
export function childPathLen(issuer: x509.X509Certificate, chosen: number | undefined): number | undefined {
	const parent = issuer.getExtension(x509.BasicConstraintsExtension)?.pathLength;
	const pathLen = validatePathLen(chosen);
	if (parent === undefined) return pathLen;
	if (parent === 0)
		throw new PkiError(
			'pathlen-beyond-parent',
			'This CA has path length 0: it may sign certificates but no CA below it.',
			'pathLen'
		);
	if (pathLen !== undefined && pathLen >= parent) {
		throw new PkiError(
			'pathlen-beyond-parent',
			`This CA allows ${parent} CA${parent === 1 ? '' : 's'} below it, so the new CA's path length must be at most ${parent - 1}.`,
			'pathLen'
		);
	}
	return pathLen ?? parent - 1;
}

/**
 * Signs an online CA's CSR (Vault's `pki/intermediate/generate`, step-ca, a Consul secondary
 * datacenter) as an intermediate of this CA, so it issues at scale under an offline root. The
 * result carries what every CA of ours carries (ca.ts): basicConstraints CA:TRUE critical with the
 * chosen path length, keyUsage keyCertSign + cRLSign (+ digitalSignature, for OCSP responses it
 * signs itself) critical, SKI and AKI; validity inside the issuer's (RFC 5280 §6.1.3). The subject
 * and public key are the CSR's, copied as encoded; requested SANs (Consul's spiffe:// URI) as edited.
 * Other requested extensions (name constraints, policies) are not copied: the description says so.
 */
export async function signCsrCa(
	csr: x509.Pkcs10CertificateRequest,
	choice: CsrCaChoice,
	issuer: SigningIssuer,
	deps: PkiDeps
): Promise<x509.X509Certificate> {
	await checkCsr(csr, deps.crypto);
	const pathLen = childPathLen(issuer.certificate, choice.pathLen);
	const sans = parseSanList(choice.sans);
	if (csr.subjectName.toJSON().length === 0)
		throw new PkiError(
			'csr-subject-empty',
			'The CSR has an empty subject; a CA certificate needs a name (RFC 5280 §4.1.2.6). Ask for a CSR with a CN.',
			'csr'
		);
	const { notBefore, notAfter } = leafValidity(deps.now(), choice.days, issuer.certificate);
	const spki = new Uint8Array(csr.publicKey.rawData);
	const keyId = Array.from(sha1(der.subjectPublicKeyBits(spki)), (b) => b.toString(16).padStart(2, '0')).join('');
	const extensions: x509.Extension[] = [
		new x509.BasicConstraintsExtension(true, pathLen, true),
		new x509.KeyUsagesExtension(
			x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
			true
		),
		new x509.SubjectKeyIdentifierExtension(keyId),
		new x509.AuthorityKeyIdentifierExtension(issuerKeyId(issuer.certificate))
	];
	if (sans.length > 0) {
		extensions.push(
			new x509.SubjectAlternativeNameExtension(
				sans.map((s) => ({
					type: s.type === 'dns' ? ('dns' as const) : s.type === 'ip' ? ('ip' as const) : ('url' as const),
					value: s.value
				}))
			)
		);
	}
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: randomSerialHex(deps.crypto),
			subject: csr.subjectName,
			issuer: issuer.certificate.subjectName,
			notBefore,
			notAfter,
			publicKey: csr.publicKey,
			signingKey: issuer.privateKey,
			signingAlgorithm: signingParams(algorithmOfKey(issuer.privateKey)),
			extensions
		},
		deps.crypto
	);
}
