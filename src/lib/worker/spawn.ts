import { PkiWorkerClient } from './client';

/** Starts the PKI worker. Vite bundles the worker as its own module file served from the site. */
export function spawnPkiWorker(): PkiWorkerClient {
	return new PkiWorkerClient(new Worker(new URL('./pki.worker.ts', import.meta.url), { type: 'module', name: 'pki' }));
}
