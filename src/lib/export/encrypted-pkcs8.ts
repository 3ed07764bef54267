import { pem } from '../pki/der/pem';
import { derNull, octetString, oid, sequence, smallInteger, type Bytes } from '../pki/der/writer';
import { elementsOf, isSequence, parseBer, type BerNode } from '../pki/parse/ber';
import {
	checkIterations,
	OID_AES256_CBC,
	OID_HMAC_WITH_SHA256,
	OID_PBES2,
	OID_PBKDF2,
	pbes2Encrypt
} from '../pki/pbe/pbes2';

/**
 * EncryptedPrivateKeyInfo (RFC 5958 §3) under PBES2 / PBKDF2-HMAC-SHA-256 / AES-256-CBC
 * (../pki/pbe/pbes2.ts encrypts), as DER. It has the same shape as a PKCS#12 PKCS8ShroudedKeyBag
 * (RFC 7292 §4.2.2), so the PKCS#12 builder uses it for its key bag, and sealPbes2 for its
 * encrypted certificate safe.
 */

/** PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... } (RFC 5958 §2). */
function checkPkcs8(der: Bytes): void {
	let node: BerNode | undefined;
	try {
		node = parseBer(der, 'The private key');
	} catch {
		node = undefined;
	}
	const fields = elementsOf(node);
	// The caller hands us keys WebCrypto exported; anything else is a defect, not user input.
	if (!isSequence(node) || fields.length < 3 || !isSequence(fields[1])) throw new Error('Not a PKCS#8 PrivateKeyInfo');
}

/**
 * PBES2-encrypts `plain` and returns the AlgorithmIdentifier { id-PBES2, PBES2-params } with the
 * ciphertext. PBKDF2-params without keyLength (AES fixes it) and with the PRF spelled out, NULL
 * parameters included, byte for byte as OpenSSL 3 writes them (crypto/asn1/p5_pbev2.c). The
 * password and iteration count were checked at the entry (buildPkcs12, encryptPkcs8Pem).
 */
export async function sealPbes2(
	plain: Bytes,
	password: string,
	iterations: number,
	crypto: Crypto
): Promise<{ algorithm: Bytes; ciphertext: Bytes }> {
	const sealed = await pbes2Encrypt(plain, password, iterations, crypto);
	const kdf = sequence(
		oid(OID_PBKDF2),
		sequence(octetString(sealed.salt), smallInteger(sealed.iterations), sequence(oid(OID_HMAC_WITH_SHA256), derNull()))
	);
	const algorithm = sequence(oid(OID_PBES2), sequence(kdf, sequence(oid(OID_AES256_CBC), octetString(sealed.iv))));
	return { algorithm, ciphertext: sealed.ciphertext };
}

export async function encryptPkcs8Der(
	pkcs8: ArrayBuffer | Uint8Array,
	password: string,
	crypto: Crypto,
	iterations: number
): Promise<Bytes> {
	const plain = new Uint8Array(pkcs8);
	// Checked first: it proves the input is a PKCS#8 PrivateKeyInfo before anything is encrypted.
	checkPkcs8(plain);
	const sealed = await sealPbes2(plain, password, iterations, crypto);
	return sequence(sealed.algorithm, octetString(sealed.ciphertext));
}

/**
 * "-----BEGIN ENCRYPTED PRIVATE KEY-----" (RFC 7468 §11) that `openssl pkey -passin` reads.
 * 600,000 iterations is OWASP's PBKDF2-HMAC-SHA256 figure (Password Storage Cheat Sheet) and the
 * vault's own count; native PBKDF2 makes that about 70 ms in Chromium.
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
	checkIterations(iterations);
	// A final newline, so `cat key.pem cert.pem` and line-based tools see whole lines.
	return pem(await encryptPkcs8Der(pkcs8, password, crypto, iterations), 'ENCRYPTED PRIVATE KEY', true);
}
