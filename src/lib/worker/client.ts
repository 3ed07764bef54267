import { PkiError } from '../pki/errors';
import type { FromWorker, ToWorker, WorkerRequest, WorkerValues } from './protocol';
import type { Result } from './types';

export interface CallOptions {
	signal?: AbortSignal;
	onProgress?: (done: number, total: number) => void;
}

/**
 * What the client needs of a Worker. A MessagePort with a terminate() fits it too, which is how the
 * tests run the real worker code in-process (testing/in-process-worker.ts).
 */
export interface WorkerLike {
	addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void;
	postMessage(message: ToWorker): void;
	terminate(): void;
	/** True for a worker known to run in a process of its own (worker/helper-frame.ts), with its own WebCrypto thread. */
	readonly ownProcess?: boolean;
}

interface Pending {
	resolve: (result: Result<unknown>) => void;
	reject: (error: PkiError) => void;
	onProgress?: (done: number, total: number) => void;
}

/**
 * The page's handle on one PKI worker: one typed call per request, progress callbacks, and cancel
 * through an AbortSignal, which ends the worker (see #cancel). Results come back as PkiError
 * rejections for user-caused failures.
 *
 * A worker that fails to start or dies would leave its requests waiting forever, so on its 'error'
 * or 'messageerror' event every pending request is rejected with 'worker-failed', the worker is
 * terminated, and the next request starts a fresh one from `spawn`. The fresh worker is started
 * by that request rather than at once, so a worker that cannot start is not restarted in a loop.
 */
export class PkiWorkerClient {
	readonly #spawn: () => WorkerLike;
	#worker: WorkerLike | null;
	readonly #pending = new Map<number, Pending>();
	#nextId = 1;

	constructor(spawn: () => WorkerLike) {
		this.#spawn = spawn;
		this.#worker = this.#start();
	}

	async call<R extends WorkerRequest>(request: R, options: CallOptions = {}): Promise<WorkerValues[R['op']]> {
		if (options.signal?.aborted) throw cancelledByUser();
		const worker = (this.#worker ??= this.#start());
		const id = this.#nextId++;
		const result = await new Promise<Result<unknown>>((resolve, reject) => {
			this.#pending.set(id, { resolve, reject, onProgress: options.onProgress });
			options.signal?.addEventListener('abort', () => this.#cancel(id), { once: true });
			try {
				worker.postMessage({ id, request });
			} catch (error) {
				// A request that cannot be cloned is a defect of the caller; it must not stay pending.
				this.#pending.delete(id);
				throw error;
			}
		});
		if (!result.ok) throw PkiError.fromData(result.error);
		return result.value as WorkerValues[R['op']];
	}

	/** Whether the current worker runs in a process of its own, as a pool helper frame can (pool.ts shareWeights). */
	get ownProcess(): boolean {
		return this.#worker?.ownProcess === true;
	}

	/** How many calls are waiting for an answer (a pool picks the least busy client by it). */
	get pendingCount(): number {
		return this.#pending.size;
	}

	/**
	 * Cancels call `id` for sure, even in the middle of work that cannot be interrupted (an RSA key
	 * being generated, a KDF of millions of rounds): the worker is terminated, the call rejects with
	 * `cancelled`, and a fresh worker is started at once. Terminating the worker ends every other
	 * call it was running too; those reject with `worker-failed` and a message saying why, and are
	 * not sent again (a request may have written to IndexedDB, which an aborted transaction undoes,
	 * but sending it twice could still do its work twice). The page holds no state in the worker:
	 * unlocked CA keys stay in the page's keyring and are lent with each request, so nothing else is lost.
	 * A call that already has its answer is left alone.
	 */
	#cancel(id: number): void {
		const target = this.#pending.get(id);
		if (!target) return;
		this.#pending.delete(id);
		this.#stop(
			new PkiError(
				'worker-failed',
				"The app's background worker was restarted to stop work you cancelled, so this request was not carried out. Try again."
			)
		);
		target.reject(cancelledByUser());
		this.#worker = this.#start();
	}

	/**
	 * Stops the worker and whatever it was doing: every pending request rejects as cancelled, and a
	 * fresh worker takes the next request.
	 */
	restart(): void {
		this.#stop(cancelledByUser());
		this.#worker = this.#start();
	}

	#start(): WorkerLike {
		const worker = this.#spawn();
		worker.addEventListener('message', (event) => {
			if (worker === this.#worker) this.#receive((event as MessageEvent<FromWorker>).data);
		});
		worker.addEventListener('error', (event) => this.#failed(worker, errorText(event)));
		worker.addEventListener('messageerror', () => this.#failed(worker, 'one of its answers could not be read'));
		return worker;
	}

	#receive(msg: FromWorker): void {
		const pending = this.#pending.get(msg.id);
		if (!pending) return;
		if ('progress' in msg) {
			pending.onProgress?.(msg.progress.done, msg.progress.total);
			return;
		}
		this.#pending.delete(msg.id);
		pending.resolve(msg.result);
	}

	#failed(worker: WorkerLike, what: string): void {
		if (worker !== this.#worker) return;
		this.#stop(
			new PkiError(
				'worker-failed',
				`The app's background worker, which does the cryptography, stopped (${what}), so this request was not carried out. Try again: the next action starts a fresh worker.`
			)
		);
	}

	/** Terminates the current worker and rejects everything it had not answered. */
	#stop(reason: PkiError): void {
		this.#worker?.terminate();
		this.#worker = null;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const { reject } of pending) reject(reason);
	}
}

/** What a call the user cancelled rejects with: the forms show "Cancelled." and no error. */
export function cancelledByUser(): PkiError {
	return new PkiError('cancelled', 'Cancelled.');
}

/** An uncaught error in the worker arrives as an ErrorEvent with its message; a failed start as a bare Event. */
function errorText(event: Event): string {
	const message = (event as Partial<ErrorEvent>).message;
	return typeof message === 'string' && message !== '' ? message : 'it failed to start or ended';
}
