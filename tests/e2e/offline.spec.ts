import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests } from './support';
import { helperFrameCount, poolSize } from './pool-support';

// The hosted build after one visit: the service worker (src/service-worker.ts) has precached every
// file, so with the network gone the app still loads and works, and it never goes to the network.

/** Waits until the service worker has installed (precached everything) and is active. */
async function serviceWorkerActive(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const registration = await navigator.serviceWorker.ready;
		const worker = registration.active;
		if (!worker) return 'none';
		if (worker.state !== 'activated')
			await new Promise((r) => worker.addEventListener('statechange', r, { once: true }));
		return worker.state;
	});
}

test('after one visit the app loads and creates a CA with the network gone', async ({ page, context }) => {
	await openApp(page);
	expect(await serviceWorkerActive(page)).toBe('activated');

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Your CAs' })).toBeVisible();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
	// The pool's helper frames start offline too (worker/helper-frame.ts): their script comes from the cache.
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(helperFrameCount(await poolSize(page)));

	const requests = recordRequests(page);
	await createCa(page, 'Offline Root CA');
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(requests).toEqual([]);
});

test('the service worker answers only from its cache: anything else is a 503, never the network', async ({
	page,
	context
}) => {
	await openApp(page);
	expect(await serviceWorkerActive(page)).toBe('activated');
	await page.reload(); // now controlled by the service worker
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();

	const served: { url: string; status: number; fromServiceWorker: boolean }[] = [];
	page.on('response', (r) => {
		// The PKI workers start from blob: URLs the page made itself (vite.config.ts): memory, not network.
		if (r.url().startsWith('blob:')) return;
		served.push({ url: new URL(r.url()).pathname, status: r.status(), fromServiceWorker: r.fromServiceWorker() });
	});
	// An image is allowed by img-src 'self', so the request reaches the service worker; the file is not
	// part of the app. Online, so a 503 shows it did not go to the server (vite preview would say 404).
	const loaded = await page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				const img = new Image();
				img.onload = () => resolve('loaded');
				img.onerror = () => resolve('error');
				img.src = './not-part-of-the-app.png';
			})
	);
	expect(loaded).toBe('error');
	expect(served).toContainEqual({ url: '/not-part-of-the-app.png', status: 503, fromServiceWorker: true });

	// A reload offline is served entirely by the worker.
	served.length = 0;
	await context.setOffline(true);
	await page.reload();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	expect(served.length).toBeGreaterThan(0);
	expect(served.filter((r) => !r.fromServiceWorker || r.status !== 200)).toEqual([]);
});

test('the web app manifest names the app, its start page and icons that exist', async ({ page }) => {
	const manifest = JSON.parse(readFileSync('static/manifest.webmanifest', 'utf8'));
	expect(manifest).toMatchObject({
		name: 'Offline CA',
		short_name: 'Offline CA',
		start_url: './',
		scope: './',
		display: 'standalone'
	});
	// Chromium installs an app whose manifest has a 192px and a 512px icon.
	const sizes = (manifest.icons as { src: string; sizes: string; type: string }[]).map((icon) => {
		const bytes = readFileSync(join('static', icon.src));
		if (icon.type === 'image/png') {
			expect(bytes.subarray(1, 4).toString()).toBe('PNG');
			const size = `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
			expect(size).toBe(icon.sizes);
		} else {
			expect(bytes.toString()).toContain('<svg');
		}
		return icon.sizes;
	});
	expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));

	// src/app.html links it: the built page must point at this manifest and the browser must read it.
	const html = readFileSync('build/index.html', 'utf8');
	const href = /<link rel="manifest" href="([^"]+)"/.exec(html)?.[1];
	expect(href).toMatch(/^(\.\/|\/)?manifest\.webmanifest$/);
	await openApp(page);
	expect(await serviceWorkerActive(page)).toBe('activated');
	// Chromium's own reading of the manifest, under the page's CSP (manifest-src 'self'), and its verdict
	// on installability (a manifest with icons, a service worker with a fetch handler).
	const cdp = await page.context().newCDPSession(page);
	const read = await cdp.send('Page.getAppManifest', {});
	expect(read.url).toMatch(/\/manifest\.webmanifest$/);
	expect(read.errors).toEqual([]);
	expect(JSON.parse(read.data ?? 'null')).toEqual(manifest);
	// Playwright's contexts are incognito profiles, where Chromium never installs apps; every other
	// requirement must hold.
	const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
	expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
});
