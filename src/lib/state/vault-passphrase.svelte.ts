import { passphraseStrength, type PassphraseStrength } from '../vault/passphrase';
import { loadPassphraseJudge } from '../vault/passphrase-floor';

/**
 * The strength hint under a new-passphrase input. The real estimate (zxcvbn, a large chunk of its
 * own) is fetched from the page's own files when a form that sets a passphrase is created, so it
 * arrives while the page loads (nothing is requested later, and offline the service worker has it),
 * and a page without such a form never loads it. Until it has arrived, the quick length-and-words
 * estimate of passphrase.ts answers.
 */
export class PassphraseMeter {
	#judge = $state.raw<((passphrase: string) => PassphraseStrength) | null>(null);

	constructor() {
		loadPassphraseJudge().then(
			(module) => (this.#judge = module.judgePassphrase),
			// Only the hint is missing: the submit check loads it again and says what went wrong.
			() => undefined
		);
	}

	judge(passphrase: string): PassphraseStrength {
		return (this.#judge ?? passphraseStrength)(passphrase);
	}
}
