import type { CallOptions } from '../worker/client';

/**
 * One long worker call a form runs: its progress for the UI and a way to cancel it. The forms that
 * issue bundles (profile, lab, instances.yml) share it, so progress and cancel behave the same in each.
 */
export class WorkerTask {
	/** null while idle; {0, 0} until the worker reports its first step. */
	progress = $state<{ done: number; total: number } | null>(null);
	#controller: AbortController | null = null;

	get running(): boolean {
		return this.progress !== null;
	}

	async run<T>(call: (options: CallOptions) => Promise<T>): Promise<T> {
		const controller = new AbortController();
		this.#controller = controller;
		this.progress = { done: 0, total: 0 };
		try {
			return await call({ signal: controller.signal, onProgress: (done, total) => (this.progress = { done, total }) });
		} finally {
			this.progress = null;
			this.#controller = null;
		}
	}

	cancel(): void {
		this.#controller?.abort();
	}
}
