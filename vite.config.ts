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
	plugins: [...(singleFile ? [inlineWorkers()] : []), sveltekit()],
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
