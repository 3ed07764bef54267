import { PkiWorkerClient } from './client';
// `?worker` is a same-origin module file in the hosted build; in the single-file build (TARGET=file)
// vite.config.ts turns it into `?worker&inline`, a blob: URL, since file:// cannot load module workers.
import PkiWorker from './pki.worker.ts?worker';

/** Starts the PKI worker, and a fresh one whenever the last one failed or was restarted. */
export function spawnPkiWorker(): PkiWorkerClient {
	return new PkiWorkerClient(() => new PkiWorker({ name: 'pki' }));
}
