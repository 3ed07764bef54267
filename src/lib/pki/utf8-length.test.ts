import { describe, expect, test } from 'vitest';
import { utf8Length } from './utf8-length';

describe('utf8Length', () => {
	test('counts what TextEncoder writes, for every kind of code point and for broken surrogates', () => {
		const samples = [
			'',
			'node1.lab.internal',
			'Müller',
			'€',
			'日本語',
			'𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
			'a\u{10ffff}z',
			'\ud800', // a lone high surrogate
			'\udc00x', // a lone low surrogate
			'\ud800\ud800\udc00', // a lone high one, then a pair
			'x\ud83d', // a high surrogate at the end
			'\u007f\u0080\u07ff\u0800\uffff'
		];
		const encoder = new TextEncoder();
		for (const s of samples) expect(utf8Length(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
	});
});
