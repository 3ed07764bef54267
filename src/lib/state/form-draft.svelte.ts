/**
 * What a form's inputs hold, with the values they start from. After the form's action succeeds the
 * draft goes back to those values (the next CA, certificate or lab starts from a clean form, and no
 * passphrase or keystore password stays in memory or on screen); after a failure it is left as typed,
 * so the person fixes the one input the message points at. FormAction and WorkerTask call `reset`
 * when their action succeeds, so every form behaves the same way.
 */
export class FormDraft<T extends object> {
	values = $state() as T;
	readonly #initial: () => T;

	constructor(initial: () => T) {
		this.#initial = initial;
		this.values = initial();
	}

	reset(): void {
		this.values = this.#initial();
	}

	/** A plain copy of the values: the worker receives them through postMessage, which cannot clone $state proxies. */
	snapshot(): T {
		return $state.snapshot(this.values) as T;
	}
}

/** Anything a successful action sets back to its start (a FormDraft, or a form's own reset). */
export interface Resettable {
	reset(): void;
}
