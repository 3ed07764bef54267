import { PkiError } from './errors';

/**
 * Key algorithms the app offers. RSA keys sign with RSASSA-PKCS1-v1_5 and SHA-256, the pairing every
 * TLS stack accepts; ECDSA uses the hash that matches the curve size (RFC 5480 §4); Ed25519 is pure
 * EdDSA (RFC 8410).
 */
export const KEY_ALGORITHMS = ['P-256', 'P-384', 'RSA-2048', 'RSA-3072', 'RSA-4096', 'Ed25519'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export const KEY_ALGORITHM_LABELS: Record<KeyAlgorithm, string> = {
	'P-256': 'ECDSA P-256',
	'P-384': 'ECDSA P-384',
	'RSA-2048': 'RSA 2048',
	'RSA-3072': 'RSA 3072',
	'RSA-4096': 'RSA 4096',
	Ed25519: 'Ed25519'
};

export function isKeyAlgorithm(value: string): value is KeyAlgorithm {
	return (KEY_ALGORITHMS as readonly string[]).includes(value);
}

export function keyGenParams(alg: KeyAlgorithm): RsaHashedKeyGenParams | EcKeyGenParams | Algorithm {
	switch (alg) {
		case 'P-256':
		case 'P-384':
			return { name: 'ECDSA', namedCurve: alg };
		case 'RSA-2048':
		case 'RSA-3072':
		case 'RSA-4096':
			return {
				name: 'RSASSA-PKCS1-v1_5',
				modulusLength: Number(alg.slice(4)),
				publicExponent: new Uint8Array([1, 0, 1]),
				hash: 'SHA-256'
			};
		case 'Ed25519':
			return { name: 'Ed25519' };
	}
}

/** Parameters to import a PKCS#8 key of this algorithm for signing. */
export function keyImportParams(alg: KeyAlgorithm): RsaHashedImportParams | EcKeyImportParams | Algorithm {
	const gen = keyGenParams(alg);
	if (gen.name === 'RSASSA-PKCS1-v1_5') return { name: gen.name, hash: 'SHA-256' };
	return gen;
}

/** The signature algorithm a key of this type signs certificates with. */
export function signingParams(alg: KeyAlgorithm): Algorithm | EcdsaParams {
	switch (alg) {
		case 'P-256':
			return { name: 'ECDSA', hash: 'SHA-256' };
		case 'P-384':
			return { name: 'ECDSA', hash: 'SHA-384' };
		case 'Ed25519':
			return { name: 'Ed25519' };
		default:
			return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
	}
}

/** Which algorithm a WebCrypto key is, so an unlocked CA key needs no side channel to sign. */
export function algorithmOfKey(key: CryptoKey): KeyAlgorithm {
	const a = key.algorithm as Partial<EcKeyAlgorithm & RsaHashedKeyAlgorithm> & { name: string };
	if (a.name === 'Ed25519') return 'Ed25519';
	if (a.name === 'ECDSA' && (a.namedCurve === 'P-256' || a.namedCurve === 'P-384')) return a.namedCurve;
	if (a.name === 'RSASSA-PKCS1-v1_5' && a.modulusLength) {
		const candidate = `RSA-${a.modulusLength}`;
		if (isKeyAlgorithm(candidate)) return candidate;
	}
	throw new Error(`Unexpected key algorithm ${JSON.stringify(key.algorithm)}`);
}

/**
 * Which algorithms this browser's WebCrypto can generate. Ed25519 arrived in Chromium 137,
 * Firefox 129 and Safari 17; older browsers lack it, and the UI disables it with this reason.
 */
export async function probeAlgorithmSupport(crypto: Crypto): Promise<Record<KeyAlgorithm, string | null>> {
	const result = {} as Record<KeyAlgorithm, string | null>;
	for (const alg of KEY_ALGORITHMS) {
		if (alg.startsWith('RSA')) {
			// RSA generation is slow; every WebCrypto implementation has it, so it is not probed.
			result[alg] = null;
			continue;
		}
		try {
			await crypto.subtle.generateKey(keyGenParams(alg), false, ['sign', 'verify']);
			result[alg] = null;
		} catch {
			result[alg] = `This browser's WebCrypto cannot make ${KEY_ALGORITHM_LABELS[alg]} keys.`;
		}
	}
	return result;
}

export function assertSupported(alg: KeyAlgorithm, support: Record<KeyAlgorithm, string | null>): void {
	const reason = support[alg];
	if (reason) throw new PkiError('algorithm-unsupported', reason, 'algorithm');
}
