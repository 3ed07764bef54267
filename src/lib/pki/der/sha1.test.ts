import { describe, expect, test } from 'vitest';
import { sha1 } from './sha1';
import { bytesToHex } from './writer';

const text = (s: string) => new TextEncoder().encode(s);

describe('SHA-1 for key identifiers (FIPS 180-4)', () => {
	test('FIPS 180-2 Appendix A vectors', () => {
		expect(bytesToHex(sha1(text('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
		expect(bytesToHex(sha1(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
			'84983e441c3bd26ebaae4aa1f95129e5e54670f1'
		);
		expect(bytesToHex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
	});

	test('equals WebCrypto for every length across block and padding boundaries', async () => {
		for (let n = 0; n <= 300; n++) {
			const data = crypto.getRandomValues(new Uint8Array(n));
			expect(bytesToHex(sha1(data)), `length ${n}`).toBe(
				bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-1', data)))
			);
		}
	});
});
