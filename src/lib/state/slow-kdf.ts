import { isPkiError } from '../pki/errors';

/**
 * Runs a read that may meet a file with more than a million key-derivation rounds
 * (pki/pbe/kdf-budget.ts). The worker then answers `kdf-slow-confirm` at once, before any slow
 * work; `confirm` shows its message (what the file asks for and how long it may take) and, if the
 * user agrees, the read runs again with `allowSlowKdf`, with its Cancel button in reach. A user who
 * declines gets the message as the form's error.
 */
export async function withSlowKdfConfirm<T>(
	read: (allowSlowKdf: boolean) => Promise<T>,
	confirm: (message: string) => boolean
): Promise<T> {
	try {
		return await read(false);
	} catch (error) {
		if (isPkiError(error) && error.code === 'kdf-slow-confirm' && confirm(error.message)) return read(true);
		throw error;
	}
}
