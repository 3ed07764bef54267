import { PkiError } from '../pki/errors';

/**
 * The PBKDF2 iteration counts the app accepts from what it reads back (a sealed CA key, a backup
 * header). It writes 600,000 (seal.ts, OWASP Password Storage Cheat Sheet) and tests seal with 1,000,
 * RFC 8018 §4.2's floor. The ceiling is about 16 times what it writes, already a long wait on a slow
 * laptop; beyond it a crafted record (four billion iterations) would make unlocking or restoring run
 * for hours with no way to stop it, so it is refused with a message instead.
 */
export const MIN_KDF_ITERATIONS = 1000;
export const MAX_KDF_ITERATIONS = 10_000_000;

/** Salt and IV lengths the app writes (16-byte salt, 96-bit GCM IV per NIST SP 800-38D §8.2); a 32-byte salt is also read. */
export const SALT_BYTES = [16, 32];
export const IV_BYTES = 12;

/** A problem with a PBKDF2 + AES-GCM parameter set, in words, or null when it is one the app could have written. */
export function kdfProblem(kdf: {
	name?: unknown;
	hash?: unknown;
	iterations?: unknown;
	salt?: { byteLength: number } | unknown;
}): string | null {
	if (kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') return 'a key derivation other than PBKDF2-HMAC-SHA-256';
	const n = kdf.iterations;
	if (typeof n !== 'number' || !Number.isInteger(n)) return 'an iteration count that is not a whole number';
	if (n < MIN_KDF_ITERATIONS || n > MAX_KDF_ITERATIONS)
		return (
			`${n.toLocaleString('en-US')} PBKDF2 iterations; the app writes 600,000 and accepts ` +
			`${MIN_KDF_ITERATIONS.toLocaleString('en-US')} to ${MAX_KDF_ITERATIONS.toLocaleString('en-US')}`
		);
	const salt = kdf.salt as { byteLength?: unknown } | undefined;
	if (!salt || typeof salt.byteLength !== 'number' || !SALT_BYTES.includes(salt.byteLength))
		return 'a salt of an unexpected length';
	return null;
}

/** Checked before any key is derived from a sealed key's parameters: unlocking never starts an endless KDF. */
export function checkSealedKdf(kdf: Parameters<typeof kdfProblem>[0], field = 'passphrase'): void {
	const problem = kdfProblem(kdf);
	if (problem)
		throw new PkiError(
			'sealed-key-invalid',
			`This CA's sealed key asks for ${problem}, so it was not sealed by this app and is not opened. ` +
				'Restore the CA from a backup the app made, or import its key again.',
			field
		);
}
