import { PkiWorkerClient } from './client';
import { IssuingPool, poolSize } from './pool';
// `?worker` is a same-origin module file in the hosted build; in the single-file build (TARGET=file)
// vite.config.ts turns it into `?worker&inline`, a blob: URL, since file:// cannot load module workers.
import PkiWorker from './pki.worker.ts?worker';

/** Starts the PKI worker, and a fresh one whenever the last one failed or was restarted. */
export function spawnPkiWorker(): PkiWorkerClient {
	return new PkiWorkerClient(() => new PkiWorker({ name: 'pki' }));
}

/** The pool for bulk issuance: the page's worker first, then one more per core (worker/pool.ts). */
export function spawnIssuingPool(primary: PkiWorkerClient): IssuingPool {
	return new IssuingPool(primary, spawnPkiWorker, poolSize(globalThis.navigator?.hardwareConcurrency)).warm();
}
