import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * The site is prerendered to static files (adapter-static) and runs entirely in the browser.
 * The Content-Security-Policy is emitted as a <meta> tag on every prerendered page, with hashes for
 * SvelteKit's inline bootstrap script, so nothing but the app's own files can run and no connection
 * of any kind is allowed (DESIGN.md §3 "Zero network").
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', strict: true }),
		paths: { relative: true },
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['none'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['none'],
				'connect-src': ['none'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'base-uri': ['none'],
				'form-action': ['none'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
