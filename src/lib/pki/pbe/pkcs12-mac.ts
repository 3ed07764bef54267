import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CHash } from '@noble/hashes/utils.js';
import { concat, utf16beOctets, type Bytes } from '../der/writer';

/**
 * The password MAC of a PKCS#12 file (RFC 7292 §5.1 step 4): HMAC over the authenticated safe,
 * keyed by the PKCS#12 key derivation of Appendix B. That KDF is not PBKDF2 and WebCrypto lacks it,
 * so it runs on @noble/hashes (audited, no dependencies); the HMAC itself is WebCrypto's.
 */

export type MacHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASHES: Readonly<Record<MacHash, CHash>> = {
	'SHA-1': sha1,
	'SHA-256': sha256,
	'SHA-384': sha384,
	'SHA-512': sha512
};

/** DigestInfo algorithm OIDs of MacData (RFC 7292 §4, RFC 8017 Appendix A.2.4). */
export const MAC_HASH_OID: Readonly<Record<MacHash, string>> = {
	'SHA-1': '1.3.14.3.2.26',
	'SHA-256': '2.16.840.1.101.3.4.2.1',
	'SHA-384': '2.16.840.1.101.3.4.2.2',
	'SHA-512': '2.16.840.1.101.3.4.2.3'
};

export function macHashOf(oid: string): MacHash | undefined {
	return (Object.keys(MAC_HASH_OID) as MacHash[]).find((h) => MAC_HASH_OID[h] === oid);
}

/**
 * RFC 7292 Appendix B.1: the password as a BMPString (UTF-16 big-endian) with two zero bytes at the
 * end. (PBES2 inside the same file takes the UTF-8 bytes instead; OpenSSL and the JDK both do so.)
 */
export function bmpPassword(password: string): Bytes {
	return concat([utf16beOctets(password), new Uint8Array(2)]);
}

/** `source` repeated to fill v·⌈len/v⌉ bytes; empty stays empty (Appendix B.2 steps 2 and 3). */
function repeatToBlocks(source: Uint8Array, v: number): Uint8Array {
	const out = new Uint8Array(source.length === 0 ? 0 : v * Math.ceil(source.length / v));
	for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
	return out;
}

/**
 * RFC 7292 Appendix B.2: derives `length` bytes of purpose `id` (1 key, 2 IV, 3 MAC key) from the
 * BMP password and salt, hashing `iterations` times.
 */
export function pkcs12Kdf(
	hashName: MacHash,
	password: Bytes,
	salt: Uint8Array,
	iterations: number,
	id: 1 | 2 | 3,
	length: number
): Bytes {
	const hash = HASHES[hashName];
	const u = hash.outputLen;
	const v = hash.blockLen;
	const diversifier = new Uint8Array(v).fill(id);
	const input = new Uint8Array([...repeatToBlocks(salt, v), ...repeatToBlocks(password, v)]);
	const out = new Uint8Array(Math.ceil(length / u) * u);
	for (let block = 0; block * u < length; block++) {
		let a = hash.create().update(diversifier).update(input).digest();
		for (let r = 1; r < iterations; r++) a = hash(a);
		out.set(a, block * u);
		if ((block + 1) * u >= length) break;
		// Step 6C: every v-byte block I_j of I becomes (I_j + B + 1) mod 2^(8v), B being A_i repeated to v bytes.
		const b = repeatToBlocks(a, v).subarray(0, v);
		for (let j = 0; j < input.length; j += v) {
			let carry = 1;
			for (let k = v - 1; k >= 0; k--) {
				const sum = input[j + k]! + b[k]! + carry;
				input[j + k] = sum & 0xff;
				carry = sum >> 8;
			}
		}
	}
	return out.slice(0, length);
}

/** HMAC of `data` with the key Appendix B.2 derives for the MAC (ID 3, as long as the hash output). */
export async function pkcs12Mac(
	data: Bytes,
	password: string,
	salt: Uint8Array,
	iterations: number,
	hashName: MacHash,
	crypto: Crypto
): Promise<Bytes> {
	const keyBytes = pkcs12Kdf(hashName, bmpPassword(password), salt, iterations, 3, HASHES[hashName].outputLen);
	const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: hashName }, false, ['sign']);
	return new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
}
