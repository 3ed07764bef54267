import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { x509 } from '../pki/x509';

/**
 * Password-based encryption shared by the encrypted PKCS#8 export and the PKCS#12 builder:
 * PBES2 (RFC 8018 §6.2) with PBKDF2-HMAC-SHA-256 and AES-256-CBC, the scheme OpenSSL 3 writes by
 * default and JDK 12+ writes for PKCS#12 (JDK-8076190). pkijs does the work; these helpers only
 * fix the parameters and re-encode its output as strict DER.
 */

/** id-PBES2, RFC 8018 Appendix A.4. */
export const OID_PBES2 = '1.2.840.113549.1.5.13';

/**
 * A pkijs engine bound to the injected WebCrypto, passed explicitly to every pkijs call. Calling
 * pkijs.setEngine instead would change a process-wide (per-pid in Node) global that other modules
 * and tests share (pkijs src/common.ts setEngine/getEngine).
 */
export function pkijsEngine(crypto: Crypto): pkijs.CryptoEngine {
	return new pkijs.CryptoEngine({ name: 'injected', crypto });
}

export function toArrayBuffer(bytes: ArrayBuffer | Uint8Array): ArrayBuffer {
	if (bytes instanceof ArrayBuffer) return bytes;
	return bytes.slice().buffer as ArrayBuffer;
}

export interface Pbes2Ciphertext {
	/** AlgorithmIdentifier { id-PBES2, PBES2-params } with a fresh 64-byte salt and 16-byte IV. */
	algorithm: pkijs.AlgorithmIdentifier;
	ciphertext: ArrayBuffer;
}

/**
 * Encrypts with PBES2. The password bytes are its UTF-8 encoding: PBES2 runs PBKDF2 over the raw
 * password octets (RFC 8018 §6.2.1), which is what `openssl -passin` and the JDK
 * (PBES2Parameters/PBKDF2KeyImpl, ASCII only) use too.
 */
export async function pbes2Encrypt(
	plaintext: ArrayBuffer,
	password: string,
	iterations: number,
	engine: pkijs.CryptoEngine
): Promise<Pbes2Ciphertext> {
	const info = await engine.encryptEncryptedContentInfo({
		password: toArrayBuffer(new TextEncoder().encode(password)),
		// pkijs makes its own random IV (CryptoEngine.encryptEncryptedContentInfo); its type still asks for one.
		contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAesCbcParams,
		hmacHashAlgorithm: 'SHA-256',
		iterationCount: iterations,
		contentToEncrypt: plaintext,
		contentType: pkijs.ContentInfo.DATA
	});
	// pkijs splits the ciphertext into a constructed OCTET STRING of 1024-byte pieces
	// (EncryptedContentInfo constructor, PIECE_SIZE) which is BER, not DER; getEncryptedContent()
	// joins the pieces so callers can write one primitive OCTET STRING.
	return { algorithm: info.contentEncryptionAlgorithm, ciphertext: info.getEncryptedContent() };
}

/** The encryptedContentInfo of a CMS EncryptedData, as strict DER (no split, definite lengths). */
export function derEncryptedContentInfo(sealed: Pbes2Ciphertext): pkijs.EncryptedContentInfo {
	return new pkijs.EncryptedContentInfo({
		contentType: pkijs.ContentInfo.DATA,
		contentEncryptionAlgorithm: sealed.algorithm,
		encryptedContent: new asn1js.OctetString({ valueHex: sealed.ciphertext }),
		disableSplit: true
	});
}

export function checkIterations(iterations: number): void {
	// The JDK refuses more than 5,000,000 (PKCS12KeyStore MAX_ITERATION_COUNT); below 1 is invalid.
	if (!Number.isInteger(iterations) || iterations < 1 || iterations > 5_000_000) {
		throw new Error(`PBKDF2 iteration count out of range: ${iterations}`);
	}
}

/**
 * EncryptedPrivateKeyInfo (RFC 5958 §3) as DER. It has the same shape as a PKCS#12
 * PKCS8ShroudedKeyBag (RFC 7292 §4.2.2), so the PKCS#12 builder uses it for its key bag.
 */
export async function encryptPkcs8Der(
	pkcs8: ArrayBuffer | Uint8Array,
	password: string,
	crypto: Crypto,
	iterations: number,
	engine: pkijs.CryptoEngine = pkijsEngine(crypto)
): Promise<pkijs.PKCS8ShroudedKeyBag> {
	checkIterations(iterations);
	// Parse first: it proves the input is a PKCS#8 PrivateKeyInfo before anything is encrypted.
	const plain = toArrayBuffer(pkcs8);
	pkijs.PrivateKeyInfo.fromBER(plain);
	const sealed = await pbes2Encrypt(plain, password, iterations, engine);
	return new pkijs.PKCS8ShroudedKeyBag({
		encryptionAlgorithm: sealed.algorithm,
		encryptedData: new asn1js.OctetString({ valueHex: sealed.ciphertext })
	});
}

/**
 * "-----BEGIN ENCRYPTED PRIVATE KEY-----" (RFC 7468 §11) that `openssl pkey -passin` reads.
 * 600,000 iterations is OWASP's PBKDF2-HMAC-SHA256 figure (Password Storage Cheat Sheet) and the
 * vault's own count; native PBKDF2 makes that about 70 ms in Chromium (libraries.md §3).
 * The caller decides which passwords are acceptable; an empty one is refused here because it
 * would give the look of protection without any.
 */
export async function encryptPkcs8Pem(
	pkcs8: ArrayBuffer | Uint8Array,
	password: string,
	crypto: Crypto,
	iterations = 600_000
): Promise<string> {
	if (password.length === 0) throw new Error('An encrypted private key needs a non-empty password');
	const bag = await encryptPkcs8Der(pkcs8, password, crypto, iterations);
	// A final newline, so `cat key.pem cert.pem` and line-based tools see whole lines.
	return `${x509.PemConverter.encode(bag.toSchema().toBER(false), 'ENCRYPTED PRIVATE KEY')}\n`;
}
