import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { helperFrameCount, poolSize } from './pool-support';

/**
 * The hosted build behind the headers `npm run build` writes for nginx (build/nginx-security-headers.conf,
 * docs/HOSTING.md): the real nginx serves build/ as a static host would, and the app must work under them.
 */
const BUILD = resolve('build');
let nginx: ChildProcess;
let dir: string;
let origin: string;

function freePort(): Promise<number> {
	return new Promise((done, fail) => {
		const server = createServer();
		server.once('error', fail);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
		});
	});
}

function headers(path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
	return new Promise((done, fail) =>
		get(`${origin}${path}`, (res) => {
			res.resume();
			done({ status: res.statusCode ?? 0, headers: res.headers });
		}).on('error', fail)
	);
}

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'offline-ca-nginx-'));
	const port = await freePort();
	origin = `http://127.0.0.1:${port}`;
	const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
	writeFileSync(
		join(dir, 'nginx.conf'),
		`daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events {}
http {
	include /etc/nginx/mime.types;
	access_log off;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	server {
		listen 127.0.0.1:${port};
		root ${BUILD};
		include ${join(BUILD, 'nginx-security-headers.conf')};
		location / { try_files $uri $uri.html $uri/ =404; }
	}
}
`
	);
	nginx = spawn('/usr/sbin/nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
	let errors = '';
	nginx.stderr?.on('data', (chunk) => (errors += String(chunk)));
	for (let i = 0; i < 100; i++) {
		const up = await headers('/').then(
			() => true,
			() => false
		);
		if (up) return;
		if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`nginx did not answer: ${errors}`);
});

test.afterAll(() => {
	nginx?.kill();
	rmSync(dir, { recursive: true, force: true });
});

test('pages and the PKI worker script are sent with a CSP that forbids framing and connections', async () => {
	const workers = readdirSync(join(BUILD, '_app/immutable/workers')).filter((f) => f.endsWith('.js'));
	expect(workers.length).toBeGreaterThan(0);
	// Every view is index.html (the hash router keeps the view in the fragment, which is never sent).
	for (const path of ['/', '/index.html', `/_app/immutable/workers/${workers[0]}`]) {
		const res = await headers(path);
		expect(res.status, path).toBe(200);
		const csp = String(res.headers['content-security-policy']);
		expect(csp, path).toContain("frame-ancestors 'none'");
		expect(csp, path).toContain("connect-src 'none'");
		expect(csp, path).toContain("default-src 'none'");
		expect(res.headers['x-content-type-options'], path).toBe('nosniff');
	}
	const sw = await headers('/service-worker.js');
	expect(String(sw.headers['content-security-policy'])).toBe(
		"default-src 'none'; script-src 'self'; connect-src 'self'"
	);
});

test('under those headers the app starts, its worker and pool helpers answer and the service worker precaches', async ({
	page
}) => {
	const problems: string[] = [];
	page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
	page.on('pageerror', (e) => problems.push(e.message));
	await page.goto(`${origin}/`);
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	// The pool's helper frames are about:srcdoc documents of the page (worker/helper-frame.ts), which
	// frame-ancestors 'none' and X-Frame-Options do not refuse: each starts and passes its probe.
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(helperFrameCount(await poolSize(page)));
	const cached = await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		for (let i = 0; i < 50; i++) {
			const keys = await caches.keys();
			if (keys.length > 0) {
				const cache = await caches.open(keys[0]!);
				const entries = await cache.keys();
				if (entries.length > 0) return entries.length;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		return 0;
	});
	expect(cached).toBeGreaterThan(5);
	await page.goto(`${origin}/#/inspect`);
	await expect(page.getByRole('heading', { name: 'Inspect, lint and explain' })).toBeVisible();
	expect(problems).toEqual([]);
});

test('another site cannot frame it: the browser refuses to render it', async ({ page }) => {
	await page.setContent(`<iframe title="framed" src="${origin}/" width="800" height="600"></iframe>`);
	// frame-ancestors 'none' makes Chromium replace the frame with its error page, so not even the app's
	// own in-frame notice (src/routes/+layout.svelte) is rendered.
	await expect.poll(() => page.frames()[1]?.url()).toBe('chrome-error://chromewebdata/');
	const frame = page.frameLocator('iframe[title="framed"]');
	await expect(frame.getByLabel('CA name')).toHaveCount(0);
	await expect(frame.getByRole('heading', { name: 'Offline CA does not run inside another page' })).toHaveCount(0);
});
