import type { Bytes } from '../der/writer';
import type { KeyInfo } from '../parse/key-info';
import type { x509 } from '../x509';

/**
 * Whether a private key belongs to a certificate: both public keys as JWK, compared on the numbers
 * that define them (RSA n and e, EC x and y, OKP x). WebCrypto computes the public half of an
 * imported private key, so this works for keys written without their public part (RFC 5915 §3 makes
 * it optional in SEC1). Returns undefined when the platform cannot import the key type.
 */
export async function keyMatchesCertificate(
	pkcs8: Bytes,
	info: KeyInfo,
	cert: x509.X509Certificate,
	crypto: Crypto
): Promise<boolean | undefined> {
	const alg = importAlgorithm(info);
	if (!alg) return undefined;
	try {
		const priv = await crypto.subtle.importKey('pkcs8', pkcs8, alg, true, ['sign']);
		const pub = await crypto.subtle.importKey('spki', new Uint8Array(cert.publicKey.rawData), alg, true, ['verify']);
		return (
			publicNumbers(await crypto.subtle.exportKey('jwk', priv)) ===
			publicNumbers(await crypto.subtle.exportKey('jwk', pub))
		);
	} catch {
		// A certificate whose key is of another type than the private key cannot import with its algorithm.
		return false;
	}
}

function importAlgorithm(info: KeyInfo): RsaHashedImportParams | EcKeyImportParams | Algorithm | undefined {
	if (info.type === 'RSA') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
	if (info.type === 'EC' && info.curve && ['P-256', 'P-384', 'P-521'].includes(info.curve))
		return { name: 'ECDSA', namedCurve: info.curve };
	if (info.type === 'Ed25519') return { name: 'Ed25519' };
	return undefined;
}

const publicNumbers = (jwk: JsonWebKey) => [jwk.kty, jwk.crv, jwk.n, jwk.e, jwk.x, jwk.y].join('|');
