import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { KdfBudget } from './kdf-budget';
import { algorithmOf, elementsOf, octetsOf, smallIntegerOf, type BerNode } from '../parse/ber';

/**
 * PBES2 (RFC 8018 §6.2): PBKDF2 turns the password into a content-encryption key, and a block
 * cipher seals the data. It protects encrypted PKCS#8 keys (RFC 5958 §3) and the encrypted parts of
 * a PKCS#12 file. WebCrypto does both steps natively, so no JavaScript crypto is involved.
 *
 * Written: PBKDF2-HMAC-SHA-256 and AES-256-CBC, what OpenSSL 3 writes by default and JDK 12+ writes
 * for PKCS#12 (java.security: keystore.pkcs12.keyProtectionAlgorithm = PBEWithHmacSHA256AndAES_256).
 * Read: the PRFs and AES modes WebCrypto has. PKCS#12's 3DES scheme is pkcs12-pbe.ts; PBES1 and
 * the DES and RC2 schemes (RFC 8018 §6.1, RFC 7292 Appendix C) are refused with a way out.
 */

export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';

/** PBKDF2 PRFs (RFC 8018 Appendix B.1); hmacWithSHA1 is the DEFAULT when the field is absent. */
const PRF: Readonly<Record<string, string>> = {
	'1.2.840.113549.2.7': 'SHA-1',
	'1.2.840.113549.2.9': 'SHA-256',
	'1.2.840.113549.2.10': 'SHA-384',
	'1.2.840.113549.2.11': 'SHA-512'
};
export const OID_HMAC_WITH_SHA256 = '1.2.840.113549.2.9';

/** AES in CBC (IV parameter, RFC 8018 Appendix B.2.5) and GCM (GCMParameters, RFC 5084 §3.2). */
const CIPHER: Readonly<Record<string, { name: 'AES-CBC' | 'AES-GCM'; length: number }>> = {
	'2.16.840.1.101.3.4.1.2': { name: 'AES-CBC', length: 128 },
	'2.16.840.1.101.3.4.1.22': { name: 'AES-CBC', length: 192 },
	'2.16.840.1.101.3.4.1.42': { name: 'AES-CBC', length: 256 },
	'2.16.840.1.101.3.4.1.6': { name: 'AES-GCM', length: 128 },
	'2.16.840.1.101.3.4.1.26': { name: 'AES-GCM', length: 192 },
	'2.16.840.1.101.3.4.1.46': { name: 'AES-GCM', length: 256 }
};
export const OID_AES256_CBC = '2.16.840.1.101.3.4.1.42';

/** 128-bit salt, the minimum NIST SP 800-132 §5.1 asks for (RFC 8018 §4.1 says at least 64 bits). */
const SALT_BYTES = 16;
const AES_BLOCK_BYTES = 16;

/** What PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC produced: a fresh salt and IV, and the ciphertext. */
export interface Pbes2Sealed {
	salt: Bytes;
	iterations: number;
	iv: Bytes;
	ciphertext: Bytes;
}

/**
 * The most rounds the app WRITES: the JDK refuses more than 5,000,000 (PKCS12KeyStore
 * MAX_ITERATION_COUNT), so a file above it would not open in Java. What the app READS is bounded by
 * kdf-budget.ts instead (ask above one million, refuse above ten million).
 */
export const JDK_MAX_ITERATIONS = 5_000_000;

/** For the writers' entries (export/pkcs12.ts, export/encrypted-pkcs8.ts): the counts are the code's, so a bad one is a defect. */
export function checkIterations(iterations: number): void {
	if (!Number.isInteger(iterations) || iterations < 1 || iterations > JDK_MAX_ITERATIONS) {
		throw new Error(`PBKDF2 iteration count out of range: ${iterations}`);
	}
}

/**
 * The password's bytes are its UTF-8 encoding: PBES2 runs PBKDF2 over the raw password octets
 * (RFC 8018 §6.2.1), which is what `openssl -passin` and the JDK (PBKDF2KeyImpl, ASCII only) use too.
 */
async function deriveKey(
	crypto: Crypto,
	password: string,
	salt: Bytes,
	iterations: number,
	prf: string,
	cipher: { name: string; length: number },
	usage: KeyUsage
): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveKey']);
	return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: prf, salt, iterations }, base, cipher, false, [usage]);
}

/** Encrypts with a fresh salt and IV; the caller has checked the password and the iteration count, and writes the parameters. */
export async function pbes2Encrypt(
	plaintext: Bytes,
	password: string,
	iterations: number,
	crypto: Crypto
): Promise<Pbes2Sealed> {
	const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
	const iv = crypto.getRandomValues(new Uint8Array(AES_BLOCK_BYTES));
	const key = await deriveKey(
		crypto,
		password,
		salt,
		iterations,
		'SHA-256',
		{ name: 'AES-CBC', length: 256 },
		'encrypt'
	);
	const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plaintext));
	return { salt, iterations, iv, ciphertext };
}

/** Why a scheme cannot be opened here, in words, with the OpenSSL 3 commands that re-encrypt it with AES. */
function unsupported(what: string, detail: string): PkiError {
	const reencrypt = /PKCS#12/.test(what)
		? 'openssl pkcs12 -legacy -in old.p12 -nodes -out all.pem, then openssl pkcs12 -export -in all.pem -out new.p12'
		: 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key-new.pem';
	return new PkiError(
		'input-unsupported',
		`Cannot decrypt ${what}: it is encrypted with ${detail}, which browsers cannot do. Re-encrypt it with AES: ${reencrypt}`
	);
}

interface Pbes2Parameters {
	salt: Bytes;
	iterations: number;
	prf: string;
	cipher: { name: 'AES-CBC' | 'AES-GCM'; length: number };
	/** CBC: the IV; GCM: the nonce. */
	iv: Bytes;
	/** GCM only: the tag length in bytes (RFC 5084 §3.2, DEFAULT 12). */
	tagBytes?: number;
}

function readParameters(algorithm: BerNode | undefined, what: string, budget: KdfBudget): Pbes2Parameters {
	const alg = algorithmOf(algorithm);
	const malformed = () =>
		new PkiError('input-malformed', `The encryption parameters of ${what} are damaged. Export it again.`);
	if (!alg) throw malformed();
	if (alg.oid !== OID_PBES2)
		throw unsupported(what, `an old password scheme (${alg.oid}, PBES1, or PKCS#12 PBE with DES or RC2)`);
	const [kdfNode, schemeNode] = elementsOf(alg.params);
	const kdf = algorithmOf(kdfNode);
	const scheme = algorithmOf(schemeNode);
	if (!kdf || !scheme) throw malformed();
	if (kdf.oid !== OID_PBKDF2) throw unsupported(what, `the key derivation ${kdf.oid} (only PBKDF2 is in browsers)`);
	// PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, ... }, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1 }
	const fields = elementsOf(kdf.params);
	const salt = octetsOf(fields[0]);
	const iterations = smallIntegerOf(fields[1]);
	if (!salt || iterations === undefined || iterations < 1) throw malformed();
	budget.spend(iterations);
	const prfNode = fields.slice(2).find((f) => algorithmOf(f) !== undefined);
	const prfOid = algorithmOf(prfNode)?.oid ?? '1.2.840.113549.2.7';
	const prf = PRF[prfOid];
	if (!prf) throw unsupported(what, `the PBKDF2 hash ${prfOid}`);
	const cipher = CIPHER[scheme.oid];
	if (!cipher) throw unsupported(what, `the cipher ${scheme.oid} (for example 3DES or DES)`);
	if (cipher.name === 'AES-CBC') {
		const iv = octetsOf(scheme.params);
		if (!iv || iv.length !== AES_BLOCK_BYTES) throw malformed();
		return { salt, iterations, prf, cipher, iv };
	}
	const [nonceNode, tagNode] = elementsOf(scheme.params);
	const iv = octetsOf(nonceNode);
	const tagBytes = tagNode === undefined ? 12 : smallIntegerOf(tagNode);
	if (!iv || tagBytes === undefined) throw malformed();
	return { salt, iterations, prf, cipher, iv, tagBytes };
}

/**
 * Decrypts PBES2 ciphertext. `algorithm` is the AlgorithmIdentifier node; `what` names the thing
 * for messages ("the private key"); `budget` counts the rounds of the whole file. A wrong password fails the CBC padding or GCM tag check, or
 * (1 in 256 for CBC) yields garbage: callers check the plaintext's shape.
 */
export async function pbes2Decrypt(
	algorithm: BerNode | undefined,
	ciphertext: Bytes,
	password: string,
	crypto: Crypto,
	what: string,
	budget: KdfBudget = new KdfBudget(what)
): Promise<Bytes> {
	const p = readParameters(algorithm, what, budget);
	let key: CryptoKey;
	try {
		key = await deriveKey(crypto, password, p.salt, p.iterations, p.prf, p.cipher, 'decrypt');
	} catch (e) {
		// Chromium refuses 192-bit AES keys ("192-bit AES keys are not supported"); the only failure expected here.
		throw unsupported(what, `${p.cipher.name} with a ${p.cipher.length}-bit key (${(e as Error).message})`);
	}
	const params =
		p.cipher.name === 'AES-CBC'
			? { name: 'AES-CBC', iv: p.iv }
			: { name: 'AES-GCM', iv: p.iv, tagLength: (p.tagBytes ?? 12) * 8 };
	try {
		return new Uint8Array(await crypto.subtle.decrypt(params, key, ciphertext));
	} catch {
		throw wrongPassword(what);
	}
}

export function wrongPassword(what: string): PkiError {
	return new PkiError(
		'password-wrong',
		`The password for ${what} is wrong. Check it (passwords are case-sensitive) and try again.`
	);
}
