import { webcrypto } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { randomSerialHex, serialSource } from './serial';

/** What RFC 5280 §4.1.2.2 and the fixed length ask of every serial the app writes. */
function expectWellFormed(hex: string): void {
	expect(hex).toMatch(/^[0-9a-f]{32}$/);
	const first = parseInt(hex.slice(0, 2), 16);
	expect(first & 0x80).toBe(0); // positive without a leading zero octet
	expect(first).not.toBe(0); // 16 octets, never fewer
}

describe('serials', () => {
	test('one serial: 16 octets, positive, random', () => {
		const seen = new Set(Array.from({ length: 200 }, () => randomSerialHex(webcrypto as Crypto)));
		expect(seen.size).toBe(200);
		for (const hex of seen) expectWellFormed(hex);
	});

	test('a batch draws its randomness 64 serials at a time, and each serial is as well-formed and unique', () => {
		let calls = 0;
		const counting = {
			getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
				calls++;
				return webcrypto.getRandomValues(array as Uint8Array) as unknown as T;
			}
		} as Crypto;
		const next = serialSource(counting);
		const serials = Array.from({ length: 1000 }, next);
		expect(calls).toBe(Math.ceil(1000 / 64));
		expect(new Set(serials).size).toBe(1000);
		for (const hex of serials) expectWellFormed(hex);
	});

	test('the first octet rule holds at its edges: 0x00 becomes 0x01, 0xff becomes 0x7f', () => {
		const fixed = (fill: number) =>
			({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => ((a as Uint8Array).fill(fill), a) }) as Crypto;
		expect(serialSource(fixed(0))()).toBe(`01${'00'.repeat(15)}`);
		expect(serialSource(fixed(0xff))()).toBe(`7f${'ff'.repeat(15)}`);
		expect(randomSerialHex(fixed(0x80))).toBe(`01${'80'.repeat(15)}`);
	});
});
