import { describe, expect, test } from 'vitest';
import { base64Octets } from './pem';

const text = (octets: Uint8Array) => new TextDecoder().decode(octets);
const noise = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('base64 octets, checked against Node’s Buffer (RFC 4648 §4, padded)', () => {
	test('every length from 0 to 64, each remainder of 3, and a megabyte', () => {
		for (let n = 0; n <= 64; n++) {
			const data = noise(n);
			expect(text(base64Octets(data))).toBe(Buffer.from(data).toString('base64'));
		}
		const big = new Uint8Array(1 << 20).map((_, i) => (i * 7919) & 255);
		expect(text(base64Octets(big))).toBe(Buffer.from(big).toString('base64'));
	});

	test('the RFC 4648 §10 test vectors', () => {
		const vectors = {
			'': '',
			f: 'Zg==',
			fo: 'Zm8=',
			foo: 'Zm9v',
			foob: 'Zm9vYg==',
			fooba: 'Zm9vYmE=',
			foobar: 'Zm9vYmFy'
		};
		for (const [plain, encoded] of Object.entries(vectors))
			expect(text(base64Octets(new TextEncoder().encode(plain)))).toBe(encoded);
	});
});
