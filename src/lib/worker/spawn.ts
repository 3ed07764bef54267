import { PkiWorkerClient } from './client';
import { IssuingPool, poolSize } from './pool';
// vite.config.ts makes `?worker` a constructor that starts the worker from a blob: URL in both builds,
// so that the page's Content-Security-Policy covers the worker (connect-src 'none' inside it too).
import PkiWorker from './pki.worker.ts?worker';

/** Starts the PKI worker, and a fresh one whenever the last one failed or was cancelled. */
export function spawnPkiWorker(): PkiWorkerClient {
	return new PkiWorkerClient(() => new PkiWorker({ name: 'pki' }));
}

/** The pool for bulk issuance: the page's worker first, then one more per core (worker/pool.ts). */
export function spawnIssuingPool(primary: PkiWorkerClient): IssuingPool {
	return new IssuingPool(primary, spawnPkiWorker, poolSize(globalThis.navigator?.hardwareConcurrency)).warm();
}
