import { isPkiError } from '../pki/errors';
import type { Resettable } from './form-draft.svelte';
import { toFieldErrors, type FieldErrors } from './form-errors';

/**
 * What every form does around its action: clear the last messages, be busy while it runs (the form
 * disables its buttons on `busy`), and put a failure's message next to the input it names
 * (PkiError.field) or on the form as a whole (toFieldErrors). One instance per form, or per part of
 * a form that has messages of its own (CaCard: unlocking, and its locations).
 * With a draft, a success sets the form's inputs back to their start and a failure leaves them as typed.
 * The forms that issue bundles use WorkerTask instead, which adds progress and cancel.
 */
export class FormAction {
	errors = $state<FieldErrors>({});
	busy = $state(false);
	/** The last run ended because the user cancelled it (its worker call rejected with `cancelled`). */
	cancelled = $state(false);
	readonly #draft: Resettable | undefined;

	constructor(draft?: Resettable) {
		this.#draft = draft;
	}

	/** Runs `action`; true if it succeeded, false if it failed and its message is in `errors`. */
	async run(action: () => Promise<unknown>): Promise<boolean> {
		this.errors = {};
		this.busy = true;
		this.cancelled = false;
		try {
			await action();
			this.#draft?.reset();
			return true;
		} catch (error) {
			this.cancelled = isPkiError(error) && error.code === 'cancelled';
			this.errors = toFieldErrors(error);
			return false;
		} finally {
			this.busy = false;
		}
	}
}
