import { PkiWorkerClient, type WorkerLike } from '../worker/client';
import { serve, type ContextOverrides } from '../worker/serve';

/**
 * The real PkiWorkerClient talking to the real worker dispatch (worker/serve.ts) over a
 * MessageChannel, in the test's own thread: every request and answer is structured-cloned as a real
 * postMessage would clone it (CryptoKey and Date included), progress and cancel take the real path,
 * and only the thread is missing. `overrides` set the context of every request (a lower KDF cost).
 */
export function inProcessWorker(overrides: ContextOverrides = {}): PkiWorkerClient {
	return new PkiWorkerClient(() => inProcessWorkerLike(overrides));
}

/** One such worker as the client sees a Worker: what `inProcessWorker` spawns, for tests that spawn their own. */
export function inProcessWorkerLike(overrides: ContextOverrides = {}): WorkerLike {
	const { port1, port2 } = new MessageChannel();
	const stop = serve(port2, overrides);
	for (const port of [port1, port2]) {
		port.start();
		// Node's MessagePort keeps the process alive while open; a test run must end without closing it.
		(port as MessagePort & { unref?: () => void }).unref?.();
	}
	return {
		addEventListener: (type, listener) => port1.addEventListener(type, listener),
		postMessage: (message) => port1.postMessage(message),
		terminate: () => {
			stop();
			port1.close();
			port2.close();
		}
	};
}
