import { isPkiError } from '../pki/errors';
import type { CallOptions } from '../worker/client';
import type { Resettable } from './form-draft.svelte';

/**
 * One long worker call a form runs: its progress for the UI and a way to cancel it. The forms that
 * issue bundles (profile, lab, instances.yml) share it, so progress and cancel behave the same in each.
 * Cancel ends the worker for sure (worker/client.ts): the call rejects with `cancelled`, which the
 * form shows as "Cancelled." (`cancelled`), not as an error (form-errors.ts leaves it out).
 * With a draft, a success sets the form's inputs back to their start; a failure leaves them as typed.
 */
export class WorkerTask {
	/** null while idle; {0, 0} until the worker reports its first step. */
	progress = $state<{ done: number; total: number } | null>(null);
	/** The last run ended because the user pressed Cancel. */
	cancelled = $state(false);
	#controller: AbortController | null = null;
	readonly #draft: Resettable | undefined;

	constructor(draft?: Resettable) {
		this.#draft = draft;
	}

	get running(): boolean {
		return this.progress !== null;
	}

	async run<T>(call: (options: CallOptions) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		this.#controller = controller;
		this.progress = { done: 0, total: 0 };
		this.cancelled = false;
		try {
			const result = await call({
				signal: controller.signal,
				onProgress: (done, total) => (this.progress = { done, total })
			});
			this.#draft?.reset();
			return result;
		} catch (error) {
			if (isPkiError(error) && error.code === 'cancelled') this.cancelled = true;
			throw error;
		} finally {
			this.progress = null;
			this.#controller = null;
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}
}
