import { algorithmOfKey, keyImportParams, signingParams } from '../algorithms';
import type { PkiDeps } from '../deps';
import { x509 } from '../x509';

/**
 * A CSR for one of our CAs, so an organization's root can sign it (RFC 2986). Subject = the CA's
 * subject; the public key is the CA certificate's SPKI, imported as a verify-only CryptoKey because
 * @peculiar/x509's Pkcs10CertificateRequestGenerator exports the SPKI from `keys.publicKey` and
 * signs with `keys.privateKey` (x509.cjs.js, Pkcs10CertificateRequestGenerator.create); the unlocked
 * CA key stays non-extractable. The extensionRequest asks for what our CAs carry (ca.ts):
 * basicConstraints CA:TRUE critical (with the current path length), keyUsage keyCertSign + cRLSign
 * (+ digitalSignature) critical, and the SKI, which the root's signer may copy.
 */
export async function caCsr(
	certificate: x509.X509Certificate,
	privateKey: CryptoKey,
	deps: PkiDeps
): Promise<x509.Pkcs10CertificateRequest> {
	const alg = algorithmOfKey(privateKey);
	const publicKey = await deps.crypto.subtle.importKey(
		'spki',
		certificate.publicKey.rawData,
		keyImportParams(alg),
		true,
		['verify']
	);
	const pathLen = certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength;
	const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
	return x509.Pkcs10CertificateRequestGenerator.create(
		{
			name: certificate.subjectName,
			keys: { privateKey, publicKey },
			signingAlgorithm: signingParams(alg),
			extensions: [
				new x509.BasicConstraintsExtension(true, pathLen, true),
				new x509.KeyUsagesExtension(
					x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
					true
				),
				...(ski ? [new x509.SubjectKeyIdentifierExtension(ski.keyId)] : [])
			]
		},
		deps.crypto
	);
}
