/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * Makes the hosted build work offline after the first visit, and keeps the promise that the app makes
 * no requests after it has loaded: every file of this version is precached at install, answered from the
 * cache, and anything else is refused with a 503 without going to the network. Kit registers this file
 * itself (kit.serviceWorker.register, svelte.config.js); the single offline file has none (service
 * workers need http(s), not file://).
 *
 * A new version installs beside the old one and takes over once every tab of the old one is closed
 * (no skipWaiting): an open tab never has its files swapped under it.
 */
import { build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `offline-ca-${version}`;
/** The prerendered page ('/' or '/sub/path/'), served for every navigation inside the scope. */
const SHELL = new URL('./', sw.registration.scope).pathname;
/** Paths of this build: the app's hashed files, static/ (manifest, icons) and the page (addAll refuses duplicates). */
const ASSETS = [...new Set([...build, ...files, ...prerendered, SHELL])];

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			// Two builds of one commit share a version name (svelte.config.js): drop what this one lacks.
			const cache = await caches.open(CACHE);
			const keep = new Set(ASSETS);
			for (const request of await cache.keys())
				if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
		})()
	);
});

/**
 * The published single file and its checksums (scripts/build-offline.mjs) are written after this worker
 * is built, so they cannot be precached. The app never requests them; a person does, to download the
 * file to carry to an air-gapped machine, so they alone go to the network.
 */
const PUBLISHED = new Set(
	['offline-ca.html', 'SHA256SUMS'].map((name) => new URL(name, sw.registration.scope).pathname)
);

function refused(url: URL): Response {
	return new Response(
		`Offline CA makes no network requests; ${url.pathname} is not part of this version of the app.\n`,
		{
			status: 503,
			statusText: 'Not part of the app',
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		}
	);
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	event.respondWith(
		(async () => {
			if (request.method !== 'GET' || url.origin !== sw.location.origin) return refused(url);
			// eslint-disable-next-line no-restricted-syntax -- a person's download (see PUBLISHED), not a request of the app
			if (PUBLISHED.has(url.pathname)) return fetch(request);
			const cache = await caches.open(CACHE);
			const hit = await cache.match(request, { ignoreSearch: true });
			if (hit) return hit;
			// Any page address inside the scope is the one-page app (e.g. /index.html, a reload with a query).
			if (request.mode === 'navigate') return (await cache.match(SHELL)) ?? refused(url);
			return refused(url);
		})()
	);
});
