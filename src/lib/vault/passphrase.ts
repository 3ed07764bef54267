import { PkiError } from '../pki/errors';

export const MIN_PASSPHRASE_LENGTH = 10;

export interface PassphraseStrength {
	/** 0 (unusable) to 4 (strong). */
	score: 0 | 1 | 2 | 3 | 4;
	hint: string;
}

/**
 * A rough estimate of guessing work: length × log2(alphabet), discounted for repeats. The sealed key
 * is only as strong as the passphrase: PBKDF2 multiplies an attacker's cost by 600,000, which is
 * about 19 bits, so a passphrase still needs some 60 bits of its own to resist an offline attack
 * with the backup file.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
	const chars = [...passphrase];
	if (chars.length === 0) return { score: 0, hint: 'Enter a passphrase.' };
	let alphabet = 0;
	if (/[a-z]/.test(passphrase)) alphabet += 26;
	if (/[A-Z]/.test(passphrase)) alphabet += 26;
	if (/[0-9]/.test(passphrase)) alphabet += 10;
	if (/[^a-zA-Z0-9]/.test(passphrase)) alphabet += 33;
	const distinct = new Set(chars).size;
	const bits = Math.min(chars.length, distinct * 2) * Math.log2(Math.max(alphabet, 2));
	if (chars.length < MIN_PASSPHRASE_LENGTH) {
		return { score: 0, hint: `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters. Several random words work well.` };
	}
	if (bits < 45) return { score: 1, hint: `Weak (about ${Math.round(bits)} bits): add more words or characters.` };
	if (bits < 60) return { score: 2, hint: `Fair (about ${Math.round(bits)} bits): a few more characters would make it strong.` };
	if (bits < 80) return { score: 3, hint: `Good (about ${Math.round(bits)} bits).` };
	return { score: 4, hint: `Strong (about ${Math.round(bits)} bits).` };
}

export function checkNewPassphrase(passphrase: string, confirmation: string): void {
	if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
		throw new PkiError(
			'passphrase-too-short',
			`The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long; it is the only thing protecting the CA key.`,
			'passphrase'
		);
	}
	if (passphrase !== confirmation) {
		throw new PkiError('passphrase-mismatch', 'The two passphrases are different. Type the same passphrase twice.', 'passphraseConfirm');
	}
}
