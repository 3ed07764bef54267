import { platformDeps } from '../pki/deps';
import { isPkiError } from '../pki/errors';
import { operations } from './operations';
import type { OperationContext } from './operation-types';
import type { FromWorker, ToWorker, WorkerRequest } from './protocol';
import type { Result } from './types';

/** The side of a message channel the worker listens on: the worker's own global scope, or a MessagePort in tests. */
export interface RequestPort {
	addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
	postMessage(message: FromWorker, transfer: Transferable[]): void;
}

/** What a test may set in every request's context (a lower KDF cost, a fixed clock). */
export type ContextOverrides = Partial<Pick<OperationContext, 'deps' | 'kdfIterations'>>;

type AnyOperation = (request: WorkerRequest, ctx: OperationContext) => Promise<unknown>;

/**
 * Answers the page's requests on `port`: each runs its operation with its own AbortController (the
 * returned stop function aborts them all), reports progress, and is answered once with a Result. User-caused
 * failures travel back as data (PkiError fields); anything else is reported as an internal error,
 * because a class instance does not survive postMessage.
 */
export function serve(port: RequestPort, overrides: ContextOverrides = {}): () => void {
	const running = new Map<number, AbortController>();

	async function run(id: number, request: WorkerRequest): Promise<void> {
		const controller = new AbortController();
		running.set(id, controller);
		const post = (msg: FromWorker, transfer: Transferable[] = []) => port.postMessage(msg, transfer);
		let result: Result<unknown>;
		try {
			const handler = operations[request.op] as AnyOperation;
			const value = await handler(request, {
				deps: overrides.deps ?? platformDeps(),
				signal: controller.signal,
				progress: (done, total) => post({ id, progress: { done, total } }),
				kdfIterations: overrides.kdfIterations
			});
			result = { ok: true, value };
		} catch (error) {
			result = isPkiError(error)
				? { ok: false, error: error.toData() }
				: {
						ok: false,
						error: {
							code: 'internal',
							message: `Internal error (please report it): ${error instanceof Error ? error.message : String(error)}`
						}
					};
			if (!isPkiError(error)) console.error(error);
		} finally {
			running.delete(id);
		}
		// The zip is handed over (transferred), not copied: a 1,000-node lab's zip is large.
		const value = result.ok ? (result.value as { zip?: Uint8Array }) : undefined;
		post({ id, result }, value?.zip ? [value.zip.buffer] : []);
	}

	port.addEventListener('message', (event) => void run(event.data.id, event.data.request));
	// What terminating a real worker does to its work, for a worker run in-process (testing/in-process-worker.ts).
	return () => {
		for (const controller of running.values()) controller.abort();
	};
}
