import type { PkiDeps } from '../deps';
import { ecdsaRawToDer } from '../der/ecdsa';
import type { Bytes } from '../der/writer';
import * as der from '../der/x509';
import { PkiError } from '../errors';
import { x509 } from '../x509';
import { issuerOf, type SignerKey, type SigningIssuer } from './issuer';
import { encodeLeafTbs, leafKeyFacts, type LeafTbsParts } from './leaf-tbs';
import type { LeafTemplate } from './prepare';

/**
 * Phase two of issuance (Boulder's issuance.Issue): the only code that signs with a CA key. What it
 * signs was prepared and checked before (prepare.ts and leaf-tbs.ts for leaves, ca-tbs.ts for CAs,
 * crl/build.ts for CRLs, csr/ca-csr.ts for a CA's own CSR); here it is signed and wrapped as
 * SEQUENCE { tbs, signatureAlgorithm, signature }. The signature goes in as WebCrypto returns it,
 * except ECDSA's r‖s, which X.509 carries as a DER Ecdsa-Sig-Value (RFC 3279 §2.2.3).
 */
export async function signTbs(signer: SignerKey, tbs: Bytes, deps: PkiDeps): Promise<Bytes> {
	const raw = new Uint8Array(await deps.crypto.subtle.sign(signer.signParams, signer.privateKey, tbs));
	return der.signedStructure(tbs, signer.signatureAlgorithm, signer.isEcdsa ? ecdsaRawToDer(raw) : raw);
}

/**
 * A leaf for a key the app just made: its SPKI exported and hashed for the SKI, the TBS encoded
 * and signed. This is the bulk path (worker/issue-bundle.ts): the signer facts come encoded once
 * per batch, and a leaf costs one export, one SHA-1 in JavaScript and one signature.
 */
export async function signLeafDer(
	template: LeafTbsParts,
	subjectPublicKey: CryptoKey,
	signer: SignerKey,
	deps: PkiDeps
): Promise<Bytes> {
	const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', subjectPublicKey));
	return signLeafSpkiDer(template, spki, subjectPublicKey.algorithm.name.startsWith('RSA'), signer, deps);
}

/** signLeafDer for a subject key given as its SPKI (bulk issuance reads it out of the PKCS#8 it exports anyway). */
export function signLeafSpkiDer(
	template: LeafTbsParts,
	spki: Bytes,
	isRsa: boolean,
	signer: SignerKey,
	deps: PkiDeps
): Promise<Bytes> {
	return signTbs(signer, encodeLeafTbs(template, leafKeyFacts(spki, isRsa), signer), deps);
}

/** signLeafDer for one certificate, parsed back into @peculiar/x509's object for callers that read it. */
export async function signLeaf(
	template: LeafTemplate,
	subjectPublicKey: CryptoKey,
	issuer: SigningIssuer,
	deps: PkiDeps
): Promise<x509.X509Certificate> {
	return new x509.X509Certificate(await signLeafDer(template, subjectPublicKey, issuerOf(issuer), deps));
}

/**
 * Whether `privateKey` is the key of `certificate`: a probe signed with it must verify with the
 * certificate's public key. A CA record whose key and certificate disagree would sign certificates
 * nobody accepts, so renewal and re-issue refuse it first, with `message`.
 */
export async function checkKeyOfCertificate(
	certificate: x509.X509Certificate,
	privateKey: CryptoKey,
	deps: PkiDeps,
	message: string
): Promise<void> {
	const probe = new Uint8Array([1, 2, 3]);
	const algorithm = certificate.publicKey.algorithm;
	const params =
		algorithm.name === 'ECDSA'
			? { name: 'ECDSA', hash: (algorithm as EcKeyAlgorithm).namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' }
			: { name: algorithm.name };
	let matches = false;
	try {
		const publicKey = await certificate.publicKey.export(deps.crypto);
		const signature = await deps.crypto.subtle.sign(params, privateKey, probe);
		matches = await deps.crypto.subtle.verify(params, publicKey, signature, probe);
	} catch {
		// A key of another type cannot even sign with the certificate's algorithm.
		matches = false;
	}
	if (!matches) throw new PkiError('ca-key-mismatch', message, 'form');
}
