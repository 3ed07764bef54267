import { algorithmOfKey, signingParams, type KeyAlgorithm } from '../algorithms';
import { certificateParts } from '../der/reader';
import { hexToBytes, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import { caTrustDomain } from '../spiffe-cert';
import { x509 } from '../x509';
import type { IssuerFacts, RevocationLocations } from './prepare';

/** A CA able to sign: its certificate and its (non-extractable) private key; name and locations as the vault keeps them. */
export interface SigningIssuer {
	certificate: x509.X509Certificate;
	privateKey: CryptoKey;
	/** The CA's name in the app; the certificate's CN when absent. */
	name?: string;
	/** OCSP, caIssuers and CRL locations written into everything it issues. */
	locations?: RevocationLocations;
}

/**
 * What a signature by one key needs, encoded once and shared by every certificate, CRL or CSR it
 * signs: the key and its WebCrypto parameters, the signature AlgorithmIdentifier (RFC 5280
 * §4.1.1.2), the signer's subject Name as encoded, which becomes the issuer Name of what it signs
 * (name chaining, RFC 5280 §7.1, compares equal bytes), and its key id with the authorityKeyIdentifier extension
 * built from it (§4.2.1.1).
 */
export interface SignerKey {
	privateKey: CryptoKey;
	signParams: Algorithm | EcdsaParams;
	/** WebCrypto's ECDSA signature is r‖s; X.509 wants a DER Ecdsa-Sig-Value (RFC 3279 §2.2.3). */
	isEcdsa: boolean;
	signatureAlgorithm: Bytes;
	issuerName: Bytes;
	keyId: Bytes;
	authorityKeyId: Bytes;
}

/** An existing CA as issuer: its signing facts, the policy facts prepare checks requests against, and its path length. */
export interface CaIssuer extends SignerKey {
	certificate: x509.X509Certificate;
	facts: IssuerFacts;
	/** basicConstraints pathLenConstraint (RFC 5280 §4.2.1.9); undefined when unlimited. */
	pathLen: number | undefined;
}

function signatureKind(alg: KeyAlgorithm): 'P-256' | 'P-384' | 'Ed25519' | 'RSA' {
	return alg === 'P-256' || alg === 'P-384' || alg === 'Ed25519' ? alg : 'RSA';
}

/** The signer facts of any key under any Name: a CA certificate's, or a new root's for its self-signature. */
export function signerKey(issuerName: Bytes, keyId: Bytes, privateKey: CryptoKey): SignerKey {
	const alg = algorithmOfKey(privateKey);
	return {
		privateKey,
		signParams: signingParams(alg),
		isEcdsa: alg === 'P-256' || alg === 'P-384',
		signatureAlgorithm: der.signatureAlgorithm(signatureKind(alg)),
		issuerName,
		keyId,
		authorityKeyId: der.extension(der.OID.authorityKeyIdentifier, false, der.authorityKeyIdentifier(keyId))
	};
}

/** The issuer's own subject key identifier, copied into what it signs as their AKI (RFC 5280 §4.2.1.1). */
export function issuerKeyId(issuer: x509.X509Certificate): string {
	const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
	if (!ski) throw new Error('Issuer certificate has no subject key identifier');
	return ski.keyId;
}

const signerCache = new WeakMap<x509.X509Certificate, SignerKey>();

/** The signer facts of a CA certificate, cached per certificate object so a batch or a test encodes them once. */
function caSignerKey(certificate: x509.X509Certificate, privateKey: CryptoKey): SignerKey {
	const cached = signerCache.get(certificate);
	if (cached && cached.privateKey === privateKey) return cached;
	const name = certificateParts(new Uint8Array(certificate.rawData)).subject.slice();
	const key = signerKey(name, hexToBytes(issuerKeyId(certificate)), privateKey);
	signerCache.set(certificate, key);
	return key;
}

/**
 * The one builder of an issuer's facts, used by every path that signs with a CA: leaves (single,
 * bulk, from a CSR, renewed for the same key), intermediates, CA renewal and cross-signing, CRLs
 * and the CA's own CSR.
 */
export function issuerOf(ca: SigningIssuer): CaIssuer {
	const { certificate } = ca;
	const trustDomain = caTrustDomain(certificate);
	const facts: IssuerFacts = {
		name: ca.name ?? certificate.subjectName.getField('CN')[0] ?? certificate.subject,
		notBefore: certificate.notBefore,
		notAfter: certificate.notAfter,
		...(ca.locations ? { locations: ca.locations } : {}),
		...(trustDomain ? { trustDomain } : {})
	};
	return Object.assign({}, caSignerKey(certificate, ca.privateKey), {
		certificate,
		facts,
		pathLen: certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength
	});
}

/** issuerOf for a CA as the page lends it to the worker: the certificate as DER. */
export function unlockedIssuer(ca: {
	certificateDer: Uint8Array<ArrayBuffer>;
	privateKey: CryptoKey;
	name?: string;
	locations?: RevocationLocations;
}): CaIssuer {
	return issuerOf({ ...ca, certificate: new x509.X509Certificate(ca.certificateDer) });
}
