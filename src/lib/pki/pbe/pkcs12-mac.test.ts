import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { bmpPassword, pkcs12Kdf, pkcs12Mac, type MacHash } from './pkcs12-mac';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** OpenSSL 3's own PKCS12KDF (providers/implementations/kdfs/pkcs12kdf.c); its "pass" is already the BMP bytes. */
function opensslKdf(
	hash: MacHash,
	password: string,
	saltHex: string,
	iterations: number,
	id: number,
	length: number
): string {
	const out = execFileSync('openssl', [
		'kdf',
		'-keylen',
		String(length),
		'-kdfopt',
		`digest:${hash.replace('-', '')}`,
		'-kdfopt',
		`hexpass:${hex(bmpPassword(password))}`,
		'-kdfopt',
		`hexsalt:${saltHex}`,
		'-kdfopt',
		`iter:${iterations}`,
		'-kdfopt',
		`id:${id}`,
		'PKCS12KDF'
	]).toString();
	return out.trim().replaceAll(':', '').toLowerCase();
}

describe('pkcs12Kdf (RFC 7292 Appendix B.2) against openssl kdf PKCS12KDF', () => {
	// One output block, and lengths past the hash size that exercise the I_j update of step 6C.
	const cases: [MacHash, string, string, number, 1 | 2 | 3, number][] = [
		['SHA-256', 'correct horse', '0102030405060708', 2048, 3, 32],
		['SHA-1', 'changeit', 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4', 1, 3, 20],
		['SHA-1', 'changeit', '00ff', 1000, 1, 24],
		['SHA-384', 'pässwörd 😀', '1234567890abcdef1234567890abcdef', 5, 2, 100],
		['SHA-512', 'x', 'ff', 3, 1, 150]
	];
	test.each(cases)(
		'%s, password %j, salt %s, %i rounds, id %i, %i bytes',
		(hash, password, saltHex, iterations, id, length) => {
			const ours = pkcs12Kdf(hash, bmpPassword(password), Buffer.from(saltHex, 'hex'), iterations, id, length);
			expect(ours).toHaveLength(length);
			expect(hex(ours)).toBe(opensslKdf(hash, password, saltHex, iterations, id, length));
		}
	);

	test('the password is UTF-16BE with a two-byte terminator; non-BMP characters as surrogate pairs', () => {
		expect(hex(bmpPassword('ab'))).toBe('006100620000');
		expect(hex(bmpPassword('😀'))).toBe('d83dde000000');
		expect(hex(bmpPassword(''))).toBe('0000');
	});
});

describe('pkcs12Mac', () => {
	test('is HMAC keyed by the ID-3 derivation, as openssl computes it', async () => {
		const data = new TextEncoder().encode('authenticated safe');
		const salt = Buffer.from('0102030405060708', 'hex');
		const mac = await pkcs12Mac(data, 'correct horse', salt, 2048, 'SHA-256', globalThis.crypto);
		const key = opensslKdf('SHA-256', 'correct horse', '0102030405060708', 2048, 3, 32);
		const expected = execFileSync('openssl', ['mac', '-digest', 'SHA256', '-macopt', `hexkey:${key}`, 'HMAC'], {
			input: data
		})
			.toString()
			.trim()
			.toLowerCase();
		expect(hex(mac)).toBe(expected);
		const started = performance.now();
		await pkcs12Mac(data, 'correct horse', salt, 100_000, 'SHA-256', globalThis.crypto);
		console.info(`PKCS#12 MAC with 100,000 rounds: ${(performance.now() - started).toFixed(0)} ms`);
	});
});
