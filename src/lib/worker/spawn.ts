import { PkiWorkerClient } from './client';
import { HelperFrames, documentHost } from './helper-frames';
import { IssuingPool, poolSize } from './pool';
// vite.config.ts makes `?worker` a constructor that starts the worker from a blob: URL in both builds,
// so that the page's Content-Security-Policy covers the worker (connect-src 'none' inside it too).
import PkiWorker from './pki.worker.ts?worker';
// The worker's own file, which a pool helper's frame loads (undefined in the single offline file).
import workerScript from './pki.worker.ts?worker-script';

const plainWorker = () => new PkiWorker({ name: 'pki' });

/** Starts the PKI worker, and a fresh one whenever the last one failed or was cancelled. */
export function spawnPkiWorker(): PkiWorkerClient {
	return new PkiWorkerClient(plainWorker);
}

/**
 * The pool for bulk issuance: the page's worker first, then one helper per further core, each in a
 * frame of its own process where the browser gives it one (worker/helper-frame.ts).
 */
export function spawnIssuingPool(primary: PkiWorkerClient): IssuingPool {
	const doc = globalThis.document;
	const frames = new HelperFrames(doc ? documentHost(doc) : undefined, workerScript, plainWorker);
	const helper = () => new PkiWorkerClient(frames.spawn);
	return new IssuingPool(primary, helper, poolSize(globalThis.navigator?.hardwareConcurrency)).warm();
}
