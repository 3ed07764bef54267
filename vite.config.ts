import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * TARGET=file builds the single offline HTML file (svelte.config.js). There the PKI worker must be
 * inlined: a module worker cannot be loaded from a file:// URL, and the inline bundle has no
 * import.meta.url to resolve one against. Vite's `?worker&inline` embeds the worker's code and starts it
 * from a blob: URL (vite/src/node/plugins/worker.ts). The hosted build keeps the worker a same-origin
 * file (`?worker`), so its CSP needs no blob: workers.
 */
const singleFile = process.env.TARGET === 'file';

function inlineWorkers(): Plugin {
	return {
		name: 'offline-ca:inline-workers',
		enforce: 'pre',
		async resolveId(source, importer, options) {
			if (!/\?worker$/.test(source)) return null;
			return this.resolve(`${source}&inline`, importer, { ...options, skipSelf: true });
		}
	};
}

export default defineConfig({
	plugins: [...(singleFile ? [inlineWorkers()] : []), sveltekit()],
	// A module worker from a blob: URL fails to start on a file:// page in Chromium (the blob has the
	// opaque origin "null" and module scripts are fetched in CORS mode); a classic one starts. So the
	// single file's inlined worker is an IIFE; the hosted build keeps an ES module worker.
	worker: { format: singleFile ? 'iife' : 'es' },
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 30_000
	}
});
