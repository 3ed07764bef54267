import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page, type Worker } from '@playwright/test';
import { openApp } from './support';

/**
 * The PKI worker holds unlocked keys, so the page's connect-src 'none' must hold inside it too. A
 * worker loaded from its own URL would get only the policy of its script's response (none from
 * `vite preview` or a plain static host), and could reach a listener on this machine; started from a
 * blob: URL it inherits the page's policy (vite.config.ts). Each test runs a real listener on
 * 127.0.0.1 and asks the worker to reach it.
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

/** The page's dedicated workers: the PKI workers of the pool, one per core (named "pki" by worker/spawn.ts). */
async function pkiWorkers(page: Page): Promise<Worker[]> {
	const cores = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)));
	await expect.poll(() => page.workers().length).toBe(cores);
	for (const worker of page.workers()) expect(await worker.evaluate(() => self.name)).toBe('pki');
	return page.workers();
}

/** What a fetch from inside the worker to the listener gives, and the CSP violations the worker saw. */
async function reachFromWorker(worker: Worker, url: string) {
	return worker.evaluate(async (target) => {
		const violations: string[] = [];
		self.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
		const outcome = await fetch(target, { mode: 'no-cors' }).then(
			() => 'reached',
			(e: unknown) => `blocked: ${String(e)}`
		);
		for (let i = 0; i < 20 && violations.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
		return { outcome, violations };
	}, url);
}

test('hosted build: the worker runs under the page CSP and cannot reach a local listener', async ({ page }) => {
	await openApp(page);
	for (const worker of await pkiWorkers(page)) {
		const { outcome, violations } = await reachFromWorker(worker, `${listener}/from-worker`);
		expect(hits).toEqual([]);
		expect(outcome).toMatch(/^blocked/);
		expect(violations).toEqual([`connect-src ${listener}/from-worker`]);
		expect(worker.url()).toMatch(/^blob:http:\/\/localhost:\d+\//);
	}
});

test('single offline file from file://: the same holds for its inlined worker', async ({ page }) => {
	await page.goto(pathToFileURL(resolve('build/offline-ca.html')).href);
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	for (const worker of await pkiWorkers(page)) {
		const { outcome, violations } = await reachFromWorker(worker, `${listener}/from-file-worker`);
		expect(outcome).toMatch(/^blocked/);
		expect(violations).toEqual([`connect-src ${listener}/from-file-worker`]);
		expect(hits).toEqual([]);
	}
});
