import type { Bytes } from '../der/writer';
import type { KeyInfo } from '../parse/key-info';
import type { x509 } from '../x509';

/**
 * The private key a side holds, to prove it owns its certificate as TLS does in CertificateVerify
 * (RFC 8446 §4.4.3): sign, and check the signature with the certificate's public key.
 */
export type HeldKey = { name: string; privateKey: CryptoKey } | { name: string; pkcs8: Bytes; info: KeyInfo };

export type KeyProof = { ok: true } | { ok: false; why: string } | { ok: undefined; why: string };

type Alg = { importAs: EcKeyImportParams | RsaHashedImportParams | Algorithm; sign: EcdsaParams | Algorithm };

function algorithmFor(info: { type: string; curve?: string }): Alg | undefined {
	if (info.type === 'RSA' || info.type === 'RSASSA-PKCS1-v1_5')
		return { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } };
	if ((info.type === 'EC' || info.type === 'ECDSA') && info.curve && ['P-256', 'P-384', 'P-521'].includes(info.curve))
		return { importAs: { name: 'ECDSA', namedCurve: info.curve }, sign: { name: 'ECDSA', hash: 'SHA-256' } };
	if (info.type === 'Ed25519') return { importAs: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
	return undefined;
}

function algorithmOfKey(key: CryptoKey): Alg | undefined {
	const a = key.algorithm as { name: string; namedCurve?: string };
	return algorithmFor({ type: a.name, ...(a.namedCurve ? { curve: a.namedCurve } : {}) });
}

/** Signs 32 random bytes with the key and verifies them with the certificate's public key. */
export async function proveKey(key: HeldKey, cert: x509.X509Certificate, crypto: Crypto): Promise<KeyProof> {
	let privateKey: CryptoKey;
	let alg: Alg | undefined;
	if ('privateKey' in key) {
		privateKey = key.privateKey;
		alg = algorithmOfKey(privateKey);
		if (!alg) return { ok: undefined, why: `this browser cannot sign with a ${privateKey.algorithm.name} key` };
	} else {
		alg = algorithmFor(key.info);
		if (!alg) return { ok: undefined, why: `this browser cannot sign with a ${key.info.label} key` };
		try {
			privateKey = await crypto.subtle.importKey('pkcs8', key.pkcs8, alg.importAs, false, ['sign']);
		} catch {
			return { ok: undefined, why: `${key.name} (${key.info.label}) could not be loaded for signing` };
		}
	}
	let publicKey: CryptoKey;
	try {
		publicKey = await crypto.subtle.importKey('spki', new Uint8Array(cert.publicKey.rawData), alg.importAs, false, [
			'verify'
		]);
	} catch {
		const keyWords = 'info' in key ? key.info.label : privateKey.algorithm.name;
		return { ok: false, why: `${key.name} is a ${keyWords} key, but the certificate holds a key of another type` };
	}
	const challenge = crypto.getRandomValues(new Uint8Array(32));
	const signature = await crypto.subtle.sign(alg.sign, privateKey, challenge);
	const ok = await crypto.subtle.verify(alg.sign, publicKey, signature, challenge);
	return ok
		? { ok: true }
		: { ok: false, why: `a signature made with ${key.name} does not verify with the certificate's public key` };
}
