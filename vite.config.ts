import { sveltekit } from '@sveltejs/kit/vite';
import { availableParallelism } from 'node:os';
import { defineConfig, type Plugin } from 'vite';

/**
 * The PKI worker is always started from a blob: URL, so that the page's Content-Security-Policy covers
 * it. A dedicated worker loaded from its own URL gets the policy of its own HTTP response, and the
 * page's <meta> policy does not reach it (CSP3 §4.2.2); a worker whose script is a blob: URL inherits
 * a copy of its creator's policy container, meta policy included (HTML Standard, "initialize a worker
 * global scope's policy container": "If workerGlobalScope's url is local but its scheme is not
 * "data", then set workerGlobalScope's policy container to a clone of ... owner's policy container").
 * So connect-src 'none' holds inside the worker on any host, with or without the headers of
 * docs/HOSTING.md, and the pages' CSP lists `worker-src blob:` (svelte.config.js).
 *
 * - hosted build: `?worker` becomes a small module (blobWorker below) that starts a classic worker
 *   from a blob: URL whose one line is importScripts() of the worker's same-origin file; the import is
 *   held to the inherited script-src 'self'. The worker file is a classic script (IIFE) rather than an
 *   ES module so that the pool's helper frame, whose origin is opaque, can load it too: a classic
 *   <script> or importScripts() fetches without CORS, a module script would need CORS headers that a
 *   plain static host does not send (worker/helper-frame.ts).
 * - TARGET=file, the single offline HTML file: a worker cannot be loaded from a file:// URL, and the
 *   inline bundle has no import.meta.url to resolve one against. Vite's `?worker&inline` embeds the
 *   worker's code and starts it from a blob: URL (vite/src/node/plugins/worker.ts).
 *
 * `?worker-script` gives the URL of the worker's file in the hosted build and undefined in the single
 * file, which has no such file.
 */
const singleFile = process.env.TARGET === 'file';

const WORKER_SCRIPT = '\0offline-ca:worker-script:';

function inlineWorkers(): Plugin {
	return {
		name: 'offline-ca:inline-workers',
		enforce: 'pre',
		async resolveId(source, importer, options) {
			if (/\?worker-script$/.test(source)) return WORKER_SCRIPT;
			if (!/\?worker$/.test(source)) return null;
			return this.resolve(`${source}&inline`, importer, { ...options, skipSelf: true });
		},
		load(id) {
			return id === WORKER_SCRIPT ? 'export default undefined;' : null;
		}
	};
}

const BLOB_WORKER = '\0offline-ca:blob-worker:';

function blobWorkers(): Plugin {
	return {
		name: 'offline-ca:blob-workers',
		enforce: 'pre',
		async resolveId(source, importer, options) {
			const query = /\?(worker|worker-script)$/.exec(source);
			if (!query) return null;
			const file = await this.resolve(source.slice(0, query.index), importer, { ...options, skipSelf: true });
			if (!file) return null;
			return (query[1] === 'worker' ? BLOB_WORKER : WORKER_SCRIPT) + file.id;
		},
		load(id) {
			if (id.startsWith(WORKER_SCRIPT)) {
				const file = id.slice(WORKER_SCRIPT.length);
				return `import url from ${JSON.stringify(`${file}?worker&url`)};
export default new URL(url, import.meta.url).href;
`;
			}
			if (!id.startsWith(BLOB_WORKER)) return null;
			const file = id.slice(BLOB_WORKER.length);
			// The same constructor shape as Vite's `?worker` default export: new PkiWorker({ name }).
			return `import url from ${JSON.stringify(`${file}?worker&url`)};
export default function BlobWorker(options) {
	const script = new URL(url, import.meta.url).href;
	const blob = new Blob([\`importScripts(\${JSON.stringify(script)});\`], { type: 'text/javascript' });
	const blobUrl = URL.createObjectURL(blob);
	try {
		return new Worker(blobUrl, { name: options?.name });
	} finally {
		// The worker holds on to the blob once constructed, as Vite's own inline workers rely on.
		URL.revokeObjectURL(blobUrl);
	}
}
`;
		}
	};
}

/**
 * Packages of the worker's ASN.1 stack that declare no "sideEffects", so a bundler keeps every module
 * of them. Their only top-level effects are decorators filing a class's schema under the class itself
 * (asn1-schema's schemaStorage is a Map keyed by constructor) and module-level singletons (tsyringe's
 * container), none of which can be reached without importing the module that defines it; so a module
 * nobody imports can go. @peculiar/x509 is not listed: it registers its algorithm providers and
 * extension classes by token (tsyringe, ExtensionFactory) where nothing imports them by name.
 * Measured: 6.8 KiB gzip less worker code (after asn1js was made one copy: src/lib/pki/parse/ber.ts).
 */
const SIDE_EFFECT_FREE =
	/[\\/]node_modules[\\/](@peculiar[\\/]asn1-[^\\/]+|@peculiar[\\/]utils|pvtsutils|tsyringe)[\\/]/;

export default defineConfig({
	plugins: [singleFile ? inlineWorkers() : blobWorkers(), sveltekit()],
	// Classic workers (IIFE) in both builds. A module worker from a blob: URL fails to start on a file://
	// page in Chromium (the blob has the opaque origin "null" and module scripts are fetched in CORS
	// mode), and the hosted build's helper frame has an opaque origin too (see blobWorkers above).
	worker: {
		format: 'iife',
		rolldownOptions: { treeshake: { moduleSideEffects: (id) => (SIDE_EFFECT_FREE.test(id) ? false : undefined) } }
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		// A test process per core. Vitest's default keeps one core for its own process (cores - 1), which
		// on a 2-core machine runs every file one after another; its own process mostly waits, and two
		// took the suite from 166 s to 109-122 s here.
		maxWorkers: availableParallelism()
	}
});
