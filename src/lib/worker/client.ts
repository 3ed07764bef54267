import { PkiError } from '../pki/errors';
import type { FromWorker, Result, ToWorker, WorkerRequest, WorkerValues } from './protocol';

export interface CallOptions {
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}

interface Pending {
	resolve: (result: Result<unknown>) => void;
	onProgress?: (done: number, total: number) => void;
}

/**
 * The page's handle on the PKI worker: one typed call per request, progress callbacks, and cancel
 * through an AbortSignal. Results come back as PkiError rejections for user-caused failures.
 */
export class PkiWorkerClient {
	readonly #worker: Worker;
	readonly #pending = new Map<number, Pending>();
	#nextId = 1;

	constructor(worker: Worker) {
		this.#worker = worker;
		worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
			const msg = event.data;
			const pending = this.#pending.get(msg.id);
			if (!pending) return;
			if ('progress' in msg) {
				pending.onProgress?.(msg.progress.done, msg.progress.total);
				return;
			}
			this.#pending.delete(msg.id);
			pending.resolve(msg.result);
		});
	}

	async call<R extends WorkerRequest>(request: R, options: CallOptions = {}): Promise<WorkerValues[R['op']]> {
		const id = this.#nextId++;
		const result = await new Promise<Result<unknown>>((resolve) => {
			this.#pending.set(id, { resolve, onProgress: options.onProgress });
			options.signal?.addEventListener('abort', () => this.#post({ id, cancel: true }), { once: true });
			this.#post({ id, request });
		});
		if (!result.ok) throw PkiError.fromData(result.error);
		return result.value as WorkerValues[R['op']];
	}

	#post(message: ToWorker): void {
		this.#worker.postMessage(message);
	}
}
