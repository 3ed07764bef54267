import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Two builds come from this one config (scripts/build-offline.mjs runs both):
 *
 * - hosted (default): prerendered static files in build/, code split into same-origin files, a service
 *   worker that precaches them so the site works offline after the first visit.
 * - single file (TARGET=file): `bundleStrategy: 'inline'` + the hash router put all JS and CSS into one
 *   index.html that works opened from file:// (kit docs, `output.bundleStrategy`: "the result is usable
 *   without a server"). Service workers do not exist on file://, so none is registered; the PKI worker is
 *   inlined as a blob: URL (vite.config.ts), because module workers cannot load from file://.
 *
 * The Content-Security-Policy is emitted as a <meta> tag with hashes for Kit's inline scripts, so nothing
 * but the app's own code can run and no connection of any kind is allowed: the app makes no request after loading.
 */
const singleFile = process.env.TARGET === 'file';
/** Kit's working directory for the single-file build, apart from the hosted one that `vite preview` serves. */
export const SINGLE_FILE_KIT_DIR = '.svelte-kit/offline-ca';
export const SINGLE_FILE_OUT = `${SINGLE_FILE_KIT_DIR}/build`;
export const SINGLE_FILE_ROUTES = `${SINGLE_FILE_KIT_DIR}/routes`;

/** The same commit builds the same bytes, so a published SHA256SUMS can be checked by rebuilding. */
function versionName() {
	const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
	try {
		const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
			.toString()
			.trim();
		return `${version}+${commit}`;
	} catch {
		return version;
	}
}

/** @typedef {NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']} Directives */

/** @type {Directives} */
const hostedDirectives = {
	'default-src': ['none'],
	'script-src': ['self'],
	'style-src': ['self', 'unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['none'],
	'connect-src': ['none'],
	// The service worker is a same-origin file; the PKI worker starts from a blob: URL so that this
	// policy covers it (vite.config.ts, blobWorkers).
	'worker-src': ['self', 'blob:'],
	'manifest-src': ['self'],
	'base-uri': ['none'],
	'form-action': ['none'],
	'object-src': ['none']
};

/**
 * The single file loads nothing from anywhere: scripts run only if their hash is listed (Kit adds the
 * hashes of the inline bundle), and 'self' is left out because on file:// it would admit other local
 * files. The PKI worker is a blob: URL made from the inlined worker code.
 */
/** @type {Directives} */
const singleFileDirectives = {
	...hostedDirectives,
	'script-src': [],
	'style-src': ['unsafe-inline'],
	'img-src': ['data:', 'blob:'],
	'worker-src': ['blob:'],
	'manifest-src': ['none']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: singleFile
			? adapter({ pages: SINGLE_FILE_OUT, assets: SINGLE_FILE_OUT, strict: true })
			: adapter({ pages: 'build', assets: 'build', strict: true }),
		...(singleFile ? { outDir: SINGLE_FILE_KIT_DIR, files: { routes: SINGLE_FILE_ROUTES } } : {}),
		paths: { relative: true },
		// Both builds route by the fragment (#/inspect, #/authorities/<id>/issue): a static host serves one
		// index.html for every view, so any view can be bookmarked and reloaded on a plain file server
		// (python3 -m http.server, a USB stick) and in the single file. The hash router renders on the
		// client only, so the routes carry no page options (kit src/core/postbuild/analyse.js refuses them).
		router: { type: 'hash' },
		output: { bundleStrategy: singleFile ? 'inline' : 'split' },
		// The single file has no place for a service worker; the hosted build registers Kit's own.
		serviceWorker: { register: !singleFile },
		// pollInterval 0: no timer fetches version.json. Kit also fetches it after a navigation that ends in
		// an error page (kit src/runtime/client/client.js, stores.updated.check()), which connect-src 'none'
		// blocks with a console error: src/routes/[...rest] answers every unknown address, so none does.
		version: { name: versionName(), pollInterval: 0 },
		csp: {
			mode: 'hash',
			directives: singleFile ? singleFileDirectives : hostedDirectives
		}
	}
};

export default config;
