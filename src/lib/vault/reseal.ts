import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { sealPrivateKey, unsealPrivateKey, PBKDF2_ITERATIONS, type SealedKey } from './seal';

/**
 * Changing a CA's passphrase: the old passphrase opens the sealed key (a wrong one fails the GCM tag
 * and throws the usual passphrase-wrong PkiError), and the same key is sealed again under the new one
 * with a fresh salt and IV. Runs in the worker; the extractable key exists only inside this call.
 */
export async function resealPrivateKey(
	sealed: SealedKey,
	oldPassphrase: string,
	newPassphrase: string,
	caId: string,
	alg: KeyAlgorithm,
	crypto: Crypto,
	iterations = PBKDF2_ITERATIONS
): Promise<SealedKey> {
	let key: CryptoKey;
	try {
		key = await unsealPrivateKey(sealed, oldPassphrase, caId, alg, crypto, true);
	} catch (error) {
		// Same failure as unlocking, shown next to the form's "current passphrase" input.
		if (error instanceof PkiError) throw new PkiError(error.code, error.message, 'oldPassphrase');
		throw error;
	}
	return sealPrivateKey(key, newPassphrase, caId, crypto, iterations);
}
