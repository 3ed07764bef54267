import { sveltekit } from '@sveltejs/kit/vite';
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
 * - hosted build: `?worker` becomes a small module (blobWorker below) that starts a module worker from
 *   a blob: URL whose one line imports the worker's same-origin file; the import is held to the
 *   inherited script-src 'self'.
 * - TARGET=file, the single offline HTML file: a module worker cannot be loaded from a file:// URL,
 *   and the inline bundle has no import.meta.url to resolve one against. Vite's `?worker&inline`
 *   embeds the worker's code and starts it from a blob: URL (vite/src/node/plugins/worker.ts).
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

const BLOB_WORKER = '\0offline-ca:blob-worker:';

function blobWorkers(): Plugin {
	return {
		name: 'offline-ca:blob-workers',
		enforce: 'pre',
		async resolveId(source, importer, options) {
			if (!/\?worker$/.test(source)) return null;
			const file = await this.resolve(source.replace(/\?worker$/, ''), importer, { ...options, skipSelf: true });
			return file ? BLOB_WORKER + file.id : null;
		},
		load(id) {
			if (!id.startsWith(BLOB_WORKER)) return null;
			const file = id.slice(BLOB_WORKER.length);
			// The same constructor shape as Vite's `?worker` default export: new PkiWorker({ name }).
			return `import url from ${JSON.stringify(`${file}?worker&url`)};
export default function BlobWorker(options) {
	const script = new URL(url, import.meta.url).href;
	const blob = new Blob([\`import \${JSON.stringify(script)};\`], { type: 'text/javascript' });
	const blobUrl = URL.createObjectURL(blob);
	try {
		return new Worker(blobUrl, { type: 'module', name: options?.name });
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
	// A module worker from a blob: URL fails to start on a file:// page in Chromium (the blob has the
	// opaque origin "null" and module scripts are fetched in CORS mode); a classic one starts. So the
	// single file's inlined worker is an IIFE; the hosted build keeps an ES module worker.
	worker: {
		format: singleFile ? 'iife' : 'es',
		rolldownOptions: { treeshake: { moduleSideEffects: (id) => (SIDE_EFFECT_FREE.test(id) ? false : undefined) } }
	},
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 30_000
	}
});
