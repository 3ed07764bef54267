import { KEY_ALGORITHM_LABELS, keyGenParams, keyImportParams, type KeyAlgorithm } from './algorithms';
import { PkiError } from './errors';
import { x509 } from './x509';

/**
 * Makes a key pair in WebCrypto. Leaf keys must be extractable because they are written into the
 * bundle; a CA key is extractable only long enough to be sealed, then re-imported non-extractable.
 */
export async function generateKeyPair(alg: KeyAlgorithm, crypto: Crypto, extractable: boolean): Promise<CryptoKeyPair> {
	try {
		return (await crypto.subtle.generateKey(keyGenParams(alg), extractable, ['sign', 'verify'])) as CryptoKeyPair;
	} catch (error) {
		if (error instanceof DOMException && error.name === 'NotSupportedError') {
			throw new PkiError('algorithm-unsupported', `This browser's WebCrypto cannot make ${KEY_ALGORITHM_LABELS[alg]} keys. Choose another algorithm.`, 'algorithm');
		}
		throw error;
	}
}

export async function exportPkcs8(key: CryptoKey, crypto: Crypto): Promise<ArrayBuffer> {
	return crypto.subtle.exportKey('pkcs8', key);
}

/** Imports a PKCS#8 private key for signing only; non-extractable so it can never leave WebCrypto. */
export async function importSigningKey(pkcs8: BufferSource, alg: KeyAlgorithm, crypto: Crypto): Promise<CryptoKey> {
	return crypto.subtle.importKey('pkcs8', pkcs8, keyImportParams(alg), false, ['sign']);
}

/**
 * Unencrypted PKCS#8 PEM ("PRIVATE KEY"). CockroachDB reads PKCS#1, PKCS#8 and SEC1 keys but no
 * encrypted ones (pkg/security/pem.go), and libpq and Go's tls read PKCS#8 too.
 */
export function pkcs8ToPem(pkcs8: ArrayBuffer): string {
	return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}
