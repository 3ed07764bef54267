import { describe, expect, test } from 'vitest';
import { algorithmOfKey, assertSupported, probeAlgorithmSupport } from './algorithms';
import { generateKeyPair } from './keys';

describe('algorithm support', () => {
	test('this runtime generates every offered algorithm', async () => {
		const support = await probeAlgorithmSupport(globalThis.crypto);
		expect(Object.values(support).every((reason) => reason === null)).toBe(true);
	});

	test('an algorithm the browser lacks is reported with the reason', async () => {
		// A WebCrypto like Chromium before 137, which had no Ed25519.
		const subtle = {
			generateKey: (params: Algorithm, ...rest: [boolean, KeyUsage[]]) =>
				params.name === 'Ed25519'
					? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
					: globalThis.crypto.subtle.generateKey(params as EcKeyGenParams, ...rest)
		};
		const support = await probeAlgorithmSupport({ subtle } as unknown as Crypto);
		expect(support.Ed25519).toBe("This browser's WebCrypto cannot make Ed25519 keys.");
		expect(support['P-256']).toBeNull();
		expect(() => assertSupported('Ed25519', support)).toThrow(
			expect.objectContaining({ code: 'algorithm-unsupported', field: 'algorithm' })
		);
	});

	test.each(['P-256', 'P-384', 'RSA-2048', 'Ed25519'] as const)('algorithmOfKey recognises %s', async (alg) => {
		const keys = await generateKeyPair(alg, globalThis.crypto, false);
		expect(algorithmOfKey(keys.privateKey)).toBe(alg);
	});
});
