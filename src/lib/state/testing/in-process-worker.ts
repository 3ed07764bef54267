import type { PkiDeps } from '../../pki/deps';
import type { PkiWorkerClient } from '../../worker/client';
import { operations } from '../../worker/operations';
import type { WorkerRequest } from '../../worker/protocol';

/**
 * For tests of the page state: the worker's own handlers called in-process (the same code the worker
 * runs, minus postMessage), with a fixed clock and a cheap KDF. `requests` lists what was sent, in order.
 */
export function inProcessWorker(now: Date): { worker: PkiWorkerClient; requests: WorkerRequest[] } {
	const deps: PkiDeps = { crypto: globalThis.crypto, now: () => now };
	const ctx = { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
	const requests: WorkerRequest[] = [];
	const call = (request: WorkerRequest) => {
		requests.push(request);
		const handler = operations[request.op] as (r: WorkerRequest, c: typeof ctx) => Promise<unknown>;
		return handler(request, ctx);
	};
	return { worker: { call } as unknown as PkiWorkerClient, requests };
}
