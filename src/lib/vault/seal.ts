import { keyImportParams, type KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';

/**
 * How a CA private key is kept at rest: a key-encryption key derived from the passphrase with
 * PBKDF2-HMAC-SHA-256 at OWASP's current minimum of 600,000 iterations (Password Storage Cheat
 * Sheet), wrapping the PKCS#8 with AES-256-GCM. AES-KW cannot be used: a P-256 PKCS#8 is 138 bytes,
 * not a multiple of 8 (RFC 3394 §2). The CA id is the GCM additional data, so a sealed key copied
 * onto another CA record fails to open instead of signing under the wrong name.
 */
export const PBKDF2_ITERATIONS = 600_000;
export const SEAL_FORMAT = 1;

export interface SealedKey {
	format: typeof SEAL_FORMAT;
	kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: Uint8Array<ArrayBuffer> };
	cipher: { name: 'AES-GCM'; iv: Uint8Array<ArrayBuffer> };
	ciphertext: Uint8Array<ArrayBuffer>;
}

import { checkSealedKdf } from './kdf-bounds';
import { passphraseKey } from './passphrase-key';

const encoder = new TextEncoder();

function additionalData(caId: string): Uint8Array<ArrayBuffer> {
	return encoder.encode(`offline-ca sealed key v${SEAL_FORMAT} for CA ${caId}`);
}

export async function sealPrivateKey(
	privateKey: CryptoKey,
	passphrase: string,
	caId: string,
	crypto: Crypto,
	iterations = PBKDF2_ITERATIONS
): Promise<SealedKey> {
	const kdf = {
		name: 'PBKDF2',
		hash: 'SHA-256',
		iterations,
		salt: crypto.getRandomValues(new Uint8Array(16))
	} as const;
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const kek = await passphraseKey(passphrase, kdf, crypto, 'wrapKey');
	const wrapped = await crypto.subtle.wrapKey('pkcs8', privateKey, kek, {
		name: 'AES-GCM',
		iv,
		additionalData: additionalData(caId)
	});
	return { format: SEAL_FORMAT, kdf, cipher: { name: 'AES-GCM', iv }, ciphertext: new Uint8Array(wrapped) };
}

/**
 * Opens a sealed key straight into a non-extractable CryptoKey: the PKCS#8 bytes never reach
 * JavaScript (unless extractable is asked for). A failed GCM tag means a wrong passphrase (or a
 * tampered record, which the same message covers without telling an attacker which).
 */
export async function unsealPrivateKey(
	sealed: SealedKey,
	passphrase: string,
	caId: string,
	alg: KeyAlgorithm,
	crypto: Crypto,
	/** Only reseal.ts (a new passphrase) and the explicit CA key export ask for an extractable key. */
	extractable = false
): Promise<CryptoKey> {
	if (sealed.format !== SEAL_FORMAT) {
		throw new PkiError(
			'vault-newer',
			'This CA was sealed by a newer version of the app. Open it with that version.',
			'passphrase'
		);
	}
	checkSealedKdf(sealed.kdf);
	const kek = await passphraseKey(passphrase, sealed.kdf, crypto, 'unwrapKey');
	try {
		return await crypto.subtle.unwrapKey(
			'pkcs8',
			sealed.ciphertext,
			kek,
			{ name: 'AES-GCM', iv: sealed.cipher.iv, additionalData: additionalData(caId) },
			keyImportParams(alg),
			extractable,
			['sign']
		);
	} catch {
		throw new PkiError(
			'passphrase-wrong',
			'That passphrase does not open this CA. Check it (it is case-sensitive) and try again; nothing was changed.',
			'passphrase'
		);
	}
}
