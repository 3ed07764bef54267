import type { PkiDeps } from '../../pki/deps';
import { inProcessWorker } from '../../testing/in-process-worker';
import type { PkiWorkerClient } from '../../worker/client';
import type { WorkerRequest } from '../../worker/protocol';

/**
 * For tests of the page state: the real client and the real worker dispatch in-process
 * (testing/in-process-worker.ts), with a fixed clock and a cheap KDF. `requests` lists what the page
 * sent, in order, so a test can check what an action lent the worker.
 */
export function recordingWorker(now: Date): { worker: PkiWorkerClient; requests: WorkerRequest[] } {
	const deps: PkiDeps = { crypto: globalThis.crypto, now: () => now };
	const worker = inProcessWorker({ deps, kdfIterations: 1000 });
	const requests: WorkerRequest[] = [];
	const call = worker.call.bind(worker);
	worker.call = ((request, options) => {
		requests.push(request);
		return call(request, options);
	}) as typeof worker.call;
	return { worker, requests };
}
