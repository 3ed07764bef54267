import { PkiError } from '../errors';
import { chainToRoot, sameDer, signedBy } from '../chain-to-root';
import type { x509 } from '../x509';
import { commonName } from './ca-checks';

/** Drops repeats: the same certificate in the PEM and the PKCS#12, or twice in one file. */
export function distinct(certs: readonly x509.X509Certificate[]): x509.X509Certificate[] {
	return certs.filter((c, i) => certs.findIndex((d) => sameDer(d.rawData, c.rawData)) === i);
}

/**
 * Orders the other certificates of the import into the CA's chain, nearest parent first, ending at
 * a self-signed root: what CaRecord.chainDer holds and bundles ship (export/bundle.ts takes the last
 * one as ca.crt). An intermediate without its root is refused: the bundles' ca.crt must be the root
 * that nodes trust. A certificate that is in no link is refused too, so nothing the user chose is
 * silently dropped.
 */
export async function orderChain(
	ca: x509.X509Certificate,
	others: readonly x509.X509Certificate[],
	field: string,
	crypto: Crypto
): Promise<x509.X509Certificate[]> {
	const pool = distinct(others).filter((c) => !sameDer(c.rawData, ca.rawData));
	const walk = await chainToRoot(ca, pool, crypto);
	if (!walk.complete) {
		const current = walk.stuckAt;
		if (current.subject === current.issuer && !(await signedBy(current, current, crypto)) && !walk.nameMatched) {
			throw new PkiError(
				'import-chain-invalid',
				`The signature of ${commonName(current)} does not verify with its own key: the certificate is damaged. Export it again.`,
				field
			);
		}
		if (walk.tooLong)
			throw new PkiError(
				'import-chain-invalid',
				`${commonName(ca)}'s chain is longer than 8 certificates or loops. Import only the CA certificate and its parents.`,
				field
			);
		const wanted = current.issuerName.getField('CN')[0] ?? current.issuer;
		throw new PkiError(
			'import-chain-invalid',
			`${commonName(current)} is signed by "${wanted}", whose certificate is not among the ` +
				`files${walk.nameMatched ? ' (one has that name but did not sign it)' : ''}. Put the ` +
				'chain up to the root in the certificate file, after the CA certificate (cat ca.crt ' +
				'issuing-ca.crt root-ca.crt > chain.pem).',
			field
		);
	}
	const stray = pool.find((c) => !walk.chain.includes(c));
	if (stray) {
		throw new PkiError(
			'import-chain-invalid',
			`${commonName(stray)} is among the files but is not in ${commonName(ca)}'s chain to ` +
				'its root. Remove it, so that only the CA certificate and its parents are imported.',
			field
		);
	}
	return walk.chain;
}
