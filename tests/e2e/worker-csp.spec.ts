import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Frame, type Page, type Worker } from '@playwright/test';
import { helperFrameCount, pkiWorkers, poolSize } from './pool-support';
import { openApp } from './support';

/**
 * The PKI worker holds unlocked keys, so the page's connect-src 'none' must hold inside it too. A
 * worker loaded from its own URL would get only the policy of its script's response (none from
 * `vite preview` or a plain static host), and could reach a listener on this machine; started from a
 * blob: URL it inherits the page's policy (vite.config.ts). The pool's helper frames are about:srcdoc
 * documents, which inherit it too (worker/helper-frame.ts). Each test runs a real listener on
 * 127.0.0.1 and asks every worker and frame to reach it.
 */
let server: Server;
let listener: string;
const hits: string[] = [];

test.beforeAll(async () => {
	server = createServer((request, response) => {
		hits.push(`${request.method} ${request.url}`);
		response.setHeader('Access-Control-Allow-Origin', '*');
		response.end('reached');
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	listener = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	await new Promise((done) => server.close(done));
});

/**
 * The pool's helper frames (worker/helper-frame.ts) once each has passed its probe: sandboxed
 * about:srcdoc frames, each in a process apart from the page's (Chromium lists it as a target of its own).
 */
async function helperFrames(page: Page, count: number): Promise<Frame[]> {
	await expect(page.locator('iframe[sandbox="allow-scripts"][data-helper="own-thread"]')).toHaveCount(count);
	const frames = page.frames().filter((frame) => frame.url() === 'about:srcdoc');
	expect(frames).toHaveLength(count);
	const cdp = await page.context().newCDPSession(page);
	const { targetInfos } = await cdp.send('Target.getTargets');
	expect(targetInfos.filter((t) => t.type === 'iframe' && t.url === 'about:srcdoc')).toHaveLength(count);
	return frames;
}

/** Run inside a worker or frame: what a fetch to the listener gives, and the CSP violations seen there. */
async function fetchThere(target: string) {
	const violations: string[] = [];
	self.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
	const outcome = await fetch(target, { mode: 'no-cors' }).then(
		() => 'reached',
		(e: unknown) => `blocked: ${String(e)}`
	);
	for (let i = 0; i < 20 && violations.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
	return { outcome, violations };
}

function reachFromWorker(worker: Worker | Frame, url: string) {
	return 'childFrames' in worker ? worker.evaluate(fetchThere, url) : worker.evaluate(fetchThere, url);
}

test('hosted build: the worker and the pool helper frames run under the page CSP and cannot reach a local listener', async ({
	page
}) => {
	await openApp(page);
	const size = await poolSize(page);
	// The pool is the page's own worker, one helper frame, and plain workers for the rest (worker/helper-frame.ts).
	const frames = helperFrameCount(size);
	for (const helper of await helperFrames(page, frames)) {
		const { outcome, violations } = await reachFromWorker(helper, `${listener}/from-helper-frame`);
		expect(hits).toEqual([]);
		expect(outcome).toMatch(/^blocked/);
		expect(violations).toEqual([`connect-src ${listener}/from-helper-frame`]);
	}
	for (const worker of await pkiWorkers(page, size - frames)) {
		const { outcome, violations } = await reachFromWorker(worker, `${listener}/from-worker`);
		expect(hits).toEqual([]);
		expect(outcome).toMatch(/^blocked/);
		expect(violations).toEqual([`connect-src ${listener}/from-worker`]);
		expect(worker.url()).toMatch(/^blob:http:\/\/localhost:\d+\//);
	}
});

test('single offline file from file://: the same holds for its inlined workers', async ({ page }) => {
	await page.goto(pathToFileURL(resolve('build/offline-ca.html')).href);
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	// The single file inlines its worker: no frame could load it, so the whole pool is plain workers.
	for (const worker of await pkiWorkers(page, await poolSize(page))) {
		const { outcome, violations } = await reachFromWorker(worker, `${listener}/from-file-worker`);
		expect(outcome).toMatch(/^blocked/);
		expect(violations).toEqual([`connect-src ${listener}/from-file-worker`]);
		expect(hits).toEqual([]);
	}
	await expect(page.locator('iframe')).toHaveCount(0);
});
