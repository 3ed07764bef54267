import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { chainToRoot, sameDer } from '../chain-to-root';
import { x509 } from '../x509';

/** What replaces a CA's certificate once an outside root has signed its CSR. */
export interface SignedCaImport {
	certificateDer: Bytes;
	/** The outside chain, nearest first, ending with the root (what bundles ship after the CA). */
	chainDer: Bytes[];
	notBefore: Date;
	notAfter: Date;
	pathLen?: number;
	rootSubject: string;
	/** Set when the new certificate names the CA differently: what was issued before names the old subject as issuer. */
	subjectChanged?: { before: string; after: string };
}

/**
 * Checks a certificate an outside root signed for one of our CAs and builds its chain. It must
 * carry the CA's own key (the same SubjectPublicKeyInfo, so the unlocked key still signs for it and
 * every leaf issued before keeps verifying), be a CA certificate (basicConstraints CA:TRUE, and
 * keyCertSign when keyUsage is present: RFC 5280 §4.2.1.3, §4.2.1.9), and chain, link by verified
 * signature and issuer name (§6.1.3), through the given certificates to a self-signed root.
 * `certificates` is everything the user gave: the signed certificate and its chain, in any order.
 */
export async function matchSignedCa(
	current: x509.X509Certificate,
	certificates: readonly x509.X509Certificate[],
	now: Date,
	crypto: Crypto
): Promise<SignedCaImport> {
	const ours = certificates.filter(
		(c) => sameDer(c.publicKey.rawData, current.publicKey.rawData) && !sameDer(c.rawData, current.rawData)
	);
	const signed = ours.find((c) => c.subject !== c.issuer) ?? ours[0];
	if (!signed && certificates.some((c) => sameDer(c.rawData, current.rawData))) {
		throw new PkiError(
			'certificate-is-current',
			"This is the CA's current certificate. Give the certificate the organization's root signed from this CA's CSR.",
			'signedCert'
		);
	}
	if (!signed) {
		throw new PkiError(
			'certificate-key-mismatch',
			`None of these certificates carries the key of this CA (${current.subject}): it was signed for another CSR. Give the certificate made from this CA's CSR.`,
			'signedCert'
		);
	}
	const bc = signed.getExtension(x509.BasicConstraintsExtension);
	const ku = signed.getExtension(x509.KeyUsagesExtension);
	if (!bc?.ca)
		throw new PkiError(
			'certificate-not-ca',
			'This certificate is not a CA certificate (basicConstraints CA:TRUE is missing), so ' +
				'nothing it signs would be trusted. Ask the root to sign the CSR as a CA (openssl: ' +
				'-extfile with basicConstraints=critical,CA:TRUE).',
			'signedCert'
		);
	if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign))
		throw new PkiError(
			'certificate-not-ca',
			"This certificate's key usage lacks keyCertSign, so it may not sign certificates. Ask the root to sign it with keyCertSign and cRLSign.",
			'signedCert'
		);
	if (signed.notAfter.getTime() <= now.getTime())
		throw new PkiError(
			'certificate-expired',
			`This certificate expired on ${signed.notAfter.toISOString().slice(0, 10)}. Ask the root for a new one.`,
			'signedCert'
		);
	const pool = certificates.filter((c) => c !== signed && !sameDer(c.publicKey.rawData, current.publicKey.rawData));
	const walk = await chainToRoot(signed, pool, crypto);
	if (!walk.complete) {
		const { stuckAt, nameMatched, tooLong } = walk;
		if (tooLong)
			throw new PkiError(
				'chain-incomplete',
				'The issuing chain is longer than 8 certificates or loops; give only the chain up to the root.',
				'chain'
			);
		const why = nameMatched
			? `the given certificate of ${stuckAt.issuer} did not sign it`
			: `the certificate of ${stuckAt.issuer} is missing`;
		throw new PkiError(
			'chain-incomplete',
			`The issuing chain is incomplete: ${why}. Add the chain up to the organization's root (the intermediates and the root, PEM).`,
			'chain'
		);
	}
	const chain = walk.chain;
	const root = chain[chain.length - 1] ?? signed;
	if (chain.length === 0)
		throw new PkiError(
			'chain-incomplete',
			"This certificate is self-signed: give the certificate the organization's root signed, and that root as the chain.",
			'signedCert'
		);
	const pathLen = bc.pathLength;
	return {
		certificateDer: new Uint8Array(signed.rawData),
		chainDer: chain.map((c) => new Uint8Array(c.rawData)),
		notBefore: signed.notBefore,
		notAfter: signed.notAfter,
		...(pathLen !== undefined ? { pathLen } : {}),
		rootSubject: root.subject,
		...(signed.subject !== current.subject
			? { subjectChanged: { before: current.subject, after: signed.subject } }
			: {})
	};
}
