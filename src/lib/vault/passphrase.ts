import { PkiError } from '../pki/errors';

export const MIN_PASSPHRASE_LENGTH = 10;

export interface PassphraseStrength {
	/** 0 (unusable) to 4 (strong). */
	score: 0 | 1 | 2 | 3 | 4;
	hint: string;
}

/** The passwords attackers try first (they top every breach list); a passphrase built on one is weak. */
const COMMON = [
	'password',
	'passw0rd',
	'qwerty',
	'letmein',
	'welcome',
	'admin',
	'secret',
	'changeme',
	'iloveyou',
	'dragon',
	'monkey',
	'abc',
	'cockroach',
	'root'
];

/**
 * A conservative estimate of guessing work, run by run: a run of letters is counted like a
 * dictionary word (about 11 bits, plus a little per extra letter) rather than random letters,
 * because people type words; repeated or sequential digits and common passwords count almost
 * nothing. PBKDF2 at 600,000 iterations adds about 19 bits against an offline attack on a copied
 * vault or backup, so the passphrase itself should bring some 60 bits.
 */
export function estimateBits(passphrase: string): number {
	let bits = 0;
	for (const run of passphrase.match(/[\p{L}]+|[0-9]+|\s+|[^\p{L}0-9\s]/gu) ?? []) {
		if (/^\s+$/.test(run)) bits += 1;
		else if (/^[0-9]+$/.test(run)) bits += isPattern(run) ? 4 : run.length * Math.log2(10);
		else if (/^\p{L}+$/u.test(run)) bits += letterBits(run);
		else bits += 5;
	}
	return bits;
}

function letterBits(run: string): number {
	const lower = run.toLowerCase();
	if (COMMON.includes(lower) || new Set(lower).size === 1) return 4;
	const base = run.length <= 3 ? run.length * Math.log2(26) : 11 + (run.length - 3) * 1.5;
	const capitals = (run.match(/\p{Lu}/gu) ?? []).length;
	return base + Math.min(capitals, 3);
}

/** 1111, 1234, 4321: one guess each for an attacker's rules. */
function isPattern(digits: string): boolean {
	if (new Set(digits).size === 1) return true;
	const steps = new Set([...digits].slice(1).map((d, i) => Number(d) - Number(digits[i])));
	return steps.size === 1 && (steps.has(1) || steps.has(-1));
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
	const length = [...passphrase].length;
	if (length === 0) return { score: 0, hint: 'Enter a passphrase. Several random words work well.' };
	if (length < MIN_PASSPHRASE_LENGTH) {
		return {
			score: 0,
			hint: `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters. Several random words work well.`
		};
	}
	const bits = Math.round(estimateBits(passphrase));
	if (bits < 45) return { score: 1, hint: `Weak (about ${bits} bits): add more unrelated words.` };
	if (bits < 60) return { score: 2, hint: `Fair (about ${bits} bits): one or two more words would make it good.` };
	if (bits < 80) return { score: 3, hint: `Good (about ${bits} bits).` };
	return { score: 4, hint: `Strong (about ${bits} bits).` };
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
		throw new PkiError(
			'passphrase-mismatch',
			'The two passphrases are different. Type the same passphrase twice.',
			'passphraseConfirm'
		);
	}
}
