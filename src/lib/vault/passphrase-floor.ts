import { PkiError } from '../pki/errors';
import { checkNewPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase';

/**
 * The strength estimator (passphrase-strength.ts, zxcvbn and its dictionaries) behind a dynamic
 * import: its code is a chunk of its own that only a form setting a passphrase, or this check, loads.
 */
export function loadPassphraseJudge(): Promise<typeof import('./passphrase-strength')> {
	return import('./passphrase-strength');
}

/**
 * Every new passphrase (a CA's, a changed one, a backup's) passes the floor: the length rule, then
 * zxcvbn's estimate, then the two typings must agree. Unlocking with an existing passphrase never
 * comes here. Errors carry the fields `passphrase` and `passphraseConfirm`, as checkNewPassphrase's.
 */
export async function checkStrongNewPassphrase(passphrase: string, confirmation: string): Promise<void> {
	if ([...passphrase].length >= MIN_PASSPHRASE_LENGTH) {
		const { judgePassphrase } = await loadPassphraseJudge();
		const verdict = judgePassphrase(passphrase);
		if (!verdict.acceptable)
			throw new PkiError('passphrase-weak', `This passphrase is not accepted. ${verdict.hint}`, 'passphrase');
	}
	checkNewPassphrase(passphrase, confirmation);
}
