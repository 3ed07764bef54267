import { PkiError } from '../errors';
import { x509 } from '../x509';
import { commonName } from './ca-checks';

const sameBytes = (a: ArrayBuffer, b: ArrayBuffer) => a.byteLength === b.byteLength && new Uint8Array(a).every((v, i) => v === new Uint8Array(b)[i]);

/** Drops repeats: the same certificate in the PEM and the PKCS#12, or twice in one file. */
export function distinct(certs: readonly x509.X509Certificate[]): x509.X509Certificate[] {
	return certs.filter((c, i) => certs.findIndex((d) => sameBytes(d.rawData, c.rawData)) === i);
}

async function signedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate, crypto: Crypto): Promise<boolean> {
	try {
		return await cert.verify({ publicKey: issuer, signatureOnly: true }, crypto);
	} catch {
		// A signature algorithm WebCrypto lacks (RSA-PSS with odd parameters, P-521 on some platforms).
		return false;
	}
}

/**
 * Orders the other certificates of the import into the CA's chain, nearest parent first, ending at
 * a self-signed root: what CaRecord.chainDer holds and bundles ship (export/bundle.ts takes the last
 * one as ca.crt). Each link is proven by its signature, not by names alone (RFC 5280 §6.1.3 (a)(1)).
 * An intermediate without its root is refused: the bundles' ca.crt must be the root that nodes trust.
 * A certificate that is in no link is refused too, so nothing the user chose is silently dropped.
 */
export async function orderChain(ca: x509.X509Certificate, others: readonly x509.X509Certificate[], field: string, crypto: Crypto): Promise<x509.X509Certificate[]> {
	const pool = distinct(others).filter((c) => !sameBytes(c.rawData, ca.rawData));
	const chain: x509.X509Certificate[] = [];
	let current = ca;
	for (;;) {
		const selfIssued = current.subject === current.issuer;
		if (selfIssued) {
			if (!(await signedBy(current, current, crypto))) {
				throw new PkiError('import-chain-invalid', `The signature of ${commonName(current)} does not verify with its own key: the certificate is damaged. Export it again.`, field);
			}
			break;
		}
		const candidates = pool.filter((c) => c.subject === current.issuer && !chain.includes(c));
		let parent: x509.X509Certificate | undefined;
		for (const c of candidates) if (!parent && (await signedBy(current, c, crypto))) parent = c;
		if (!parent) {
			const wanted = current.issuerName.getField('CN')[0] ?? current.issuer;
			throw new PkiError(
				'import-chain-invalid',
				`${commonName(current)} is signed by "${wanted}", whose certificate is not among the files${candidates.length ? ' (one has that name but did not sign it)' : ''}. Put the chain up to the root in the certificate file, after the CA certificate (cat ca.crt issuing-ca.crt root-ca.crt > chain.pem).`,
				field
			);
		}
		chain.push(parent);
		current = parent;
	}
	const stray = pool.find((c) => !chain.includes(c));
	if (stray) {
		throw new PkiError(
			'import-chain-invalid',
			`${commonName(stray)} is among the files but is not in ${commonName(ca)}'s chain to its root. Remove it, so that only the CA certificate and its parents are imported.`,
			field
		);
	}
	return chain;
}
