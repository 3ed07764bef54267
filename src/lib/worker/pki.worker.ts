/// <reference lib="webworker" />
import { platformDeps } from '../pki/deps';
import { isPkiError } from '../pki/errors';
import { operations } from './operations';
import type { FromWorker, Result, ToWorker, WorkerRequest } from './protocol';

/**
 * The worker entry: all key generation, KDFs and bulk issuance run here, off the page's thread.
 * User-caused failures travel back as data (PkiError fields); anything else is reported as an
 * internal error, because a class instance does not survive postMessage.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const running = new Map<number, AbortController>();

scope.addEventListener('message', (event: MessageEvent<ToWorker>) => {
	const message = event.data;
	if ('cancel' in message) {
		running.get(message.id)?.abort();
		return;
	}
	void run(message.id, message.request);
});

async function run(id: number, request: WorkerRequest): Promise<void> {
	const controller = new AbortController();
	running.set(id, controller);
	const post = (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
	let result: Result<unknown>;
	try {
		const handler = operations[request.op] as (
			r: WorkerRequest,
			c: Parameters<(typeof operations)['probeAlgorithms']>[1]
		) => Promise<unknown>;
		const value = await handler(request, {
			deps: platformDeps(),
			signal: controller.signal,
			progress: (done, total) => post({ id, progress: { done, total } })
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
	const value = result.ok ? (result.value as { zip?: Uint8Array }) : undefined;
	post({ id, result }, value?.zip ? [value.zip.buffer] : []);
}
