import { KEY_ALGORITHM_LABELS, keyGenParams, type KeyAlgorithm } from './algorithms';
import { PkiError } from './errors';

/**
 * Makes a key pair in WebCrypto. Leaf keys must be extractable because they are written into the
 * bundle; a CA key is extractable only long enough to be sealed, then re-imported non-extractable.
 */
export async function generateKeyPair(alg: KeyAlgorithm, crypto: Crypto, extractable: boolean): Promise<CryptoKeyPair> {
	try {
		return (await crypto.subtle.generateKey(keyGenParams(alg), extractable, ['sign', 'verify'])) as CryptoKeyPair;
	} catch (error) {
		if (error instanceof DOMException && error.name === 'NotSupportedError') {
			throw new PkiError(
				'algorithm-unsupported',
				`This browser's WebCrypto cannot make ${KEY_ALGORITHM_LABELS[alg]} keys. Choose another algorithm.`,
				'algorithm'
			);
		}
		throw error;
	}
}

export async function exportPkcs8(key: CryptoKey, crypto: Crypto): Promise<ArrayBuffer> {
	return crypto.subtle.exportKey('pkcs8', key);
}
