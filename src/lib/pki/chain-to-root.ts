import { x509 } from './x509';

export const sameDer = (a: ArrayBuffer, b: ArrayBuffer): boolean => {
	const x = new Uint8Array(a);
	const y = new Uint8Array(b);
	return x.length === y.length && x.every((v, i) => v === y[i]);
};

/** Whether `issuer`'s key made `cert`'s signature; false for an algorithm WebCrypto cannot check (RSA-PSS with odd parameters, P-521 on some platforms). */
export async function signedBy(
	cert: x509.X509Certificate,
	issuer: x509.X509Certificate,
	crypto: Crypto
): Promise<boolean> {
	try {
		return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true }, crypto);
	} catch {
		return false;
	}
}

/** Where the walk up from a certificate ended: at a self-signed root, or at a certificate whose issuer is not in the pool. */
export type ChainWalk =
	| { complete: true; chain: x509.X509Certificate[] }
	/** `nameMatched`: a certificate with the issuer's name was there but did not sign it. */
	| {
			complete: false;
			chain: x509.X509Certificate[];
			stuckAt: x509.X509Certificate;
			nameMatched: boolean;
			tooLong: boolean;
	  };

/**
 * The certificates above `start`, nearest first, up to a self-signed root, picked from `pool`. Each
 * link is proven by its signature, not by names alone (RFC 5280 §6.1.3 (a)(1)); a self-issued
 * certificate that its own key did not sign (a key rollover link) is walked past like any other.
 * Used by CA import and by taking a CA under an outside root, which both store the chain as
 * CaRecord.chainDer; each says in its own words what is missing.
 */
export async function chainToRoot(
	start: x509.X509Certificate,
	pool: readonly x509.X509Certificate[],
	crypto: Crypto,
	maxLength = 8
): Promise<ChainWalk> {
	const chain: x509.X509Certificate[] = [];
	let cursor = start;
	while (!(cursor.subject === cursor.issuer && (await signedBy(cursor, cursor, crypto)))) {
		const candidates = pool.filter((c) => c.subject === cursor.issuer && c !== start && !chain.includes(c));
		let parent: x509.X509Certificate | undefined;
		for (const c of candidates) if (!parent && (await signedBy(cursor, c, crypto))) parent = c;
		if (!parent || chain.length >= maxLength)
			return { complete: false, chain, stuckAt: cursor, nameMatched: candidates.length > 0, tooLong: Boolean(parent) };
		chain.push(parent);
		cursor = parent;
	}
	return { complete: true, chain };
}
