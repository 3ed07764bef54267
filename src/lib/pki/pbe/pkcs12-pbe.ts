import des from 'des.js';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { elementsOf, octetsOf, smallIntegerOf, type BerNode } from '../parse/ber';
import type { KdfBudget } from './kdf-budget';
import { bmpPassword, pkcs12Kdf } from './pkcs12-mac';

/**
 * pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C): the "legacy" PKCS#12 encryption that every
 * platform imports, OpenSSL 1.x's default and still `openssl pkcs12 -export -legacy`'s choice for keys.
 * The RFC 7292 Appendix B KDF with SHA-1 turns the BMP password and salt into a 24-byte 3DES key
 * (ID 1) and an 8-byte IV (ID 2); the data is 3DES-EDE in CBC mode with PKCS #5 padding.
 * WebCrypto has no 3DES, so the cipher is des.js (Fedor Indutny's, the one Node's browserify
 * crypto uses). Only the worker loads this module: the page never reads or writes a .p12.
 */
export const OID_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';

const KEY_BYTES = 24;
const BLOCK_BYTES = 8;
/** SHA-1's output is 20 bytes, so the 24-byte key takes two KDF blocks and the IV one: three KDF runs. */
export const KDF_RUNS_PER_3DES = 3;

function keyAndIv(password: string, salt: Uint8Array, iterations: number): { key: Bytes; iv: Bytes } {
	const bmp = bmpPassword(password);
	return {
		key: pkcs12Kdf('SHA-1', bmp, salt, iterations, 1, KEY_BYTES),
		iv: pkcs12Kdf('SHA-1', bmp, salt, iterations, 2, BLOCK_BYTES)
	};
}

function run(type: 'encrypt' | 'decrypt', key: Bytes, iv: Bytes, data: Bytes): Bytes {
	// Padding is done here (RFC 8018 §6.1.1 step 4), so a wrong password is a clean "wrong" and not an assert.
	const cipher = des.CBC.instantiate(des.EDE).create({ type, key, iv, padding: false });
	return Uint8Array.from([...cipher.update(data), ...cipher.final()]);
}

/** Encrypts with the caller's salt and count (the writer checked both); PKCS #5 padding of 1 to 8 bytes. */
export function pbeSha13DesEncrypt(plaintext: Bytes, password: string, salt: Uint8Array, iterations: number): Bytes {
	const { key, iv } = keyAndIv(password, salt, iterations);
	const pad = BLOCK_BYTES - (plaintext.length % BLOCK_BYTES);
	const padded = new Uint8Array(plaintext.length + pad);
	padded.set(plaintext);
	padded.fill(pad, plaintext.length);
	return run('encrypt', key, iv, padded);
}

/**
 * Decrypts; `params` is the pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
 * (RFC 7292 Appendix C). Null when the padding is wrong, which is what a wrong password gives.
 */
export function pbeSha13DesDecrypt(
	params: BerNode | undefined,
	ciphertext: Bytes,
	password: string,
	what: string,
	budget: KdfBudget
): Bytes | null {
	const [saltNode, iterationsNode] = elementsOf(params);
	const salt = octetsOf(saltNode);
	const iterations = smallIntegerOf(iterationsNode);
	if (
		!salt ||
		iterations === undefined ||
		iterations < 1 ||
		ciphertext.length % BLOCK_BYTES !== 0 ||
		ciphertext.length === 0
	)
		throw new PkiError('input-malformed', `The encryption parameters of ${what} are damaged. Export it again.`);
	budget.spend(iterations, KDF_RUNS_PER_3DES);
	const { key, iv } = keyAndIv(password, salt, iterations);
	const padded = run('decrypt', key, iv, ciphertext);
	const pad = padded[padded.length - 1]!;
	if (pad < 1 || pad > BLOCK_BYTES || padded.subarray(padded.length - pad).some((b) => b !== pad)) return null;
	return padded.slice(0, padded.length - pad);
}
