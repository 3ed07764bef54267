import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, type Worker } from '@playwright/test';
import { createCa } from './support';

/** What the pool specs share: the pool's size, keys counted in helper frames, a lab checked by openssl. */

/** The pool's size on this machine (worker/pool.ts poolSize). */
export const poolSize = (page: Page) =>
	page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)));

/** The pool's helper frames on this machine: one, if the pool has a helper at all (worker/helper-frames.ts HelperFrames.spawn). */
export const helperFrameCount = (size: number) => Math.min(1, size - 1);

/**
 * Waits until the hosted page has loaded everything it loads: the page shows before its workers have
 * their code (worker/spawn.ts, IssuingPool.warm), and on a busy machine the helper frame's script can
 * arrive a second later. A spec that asserts "nothing fetched after load" starts recording after this.
 */
export async function pageLoaded(page: Page): Promise<void> {
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(helperFrameCount(await poolSize(page)));
}

/** The page's dedicated workers, all PKI workers (named "pki" by worker/spawn.ts), once there are `count` of them. */
export async function pkiWorkers(page: Page, count: number): Promise<Worker[]> {
	await expect.poll(() => page.workers().length).toBe(count);
	for (const worker of page.workers()) expect(await worker.evaluate(() => self.name)).toBe('pki');
	return page.workers();
}

/** Counts, inside each helper frame, the keys it generates. */
export async function countKeysInFrames(page: Page) {
	const frames = page.frames().filter((frame) => frame.url() === 'about:srcdoc');
	for (const frame of frames)
		await frame.evaluate(() => {
			const subtle = crypto.subtle;
			const generateKey = subtle.generateKey.bind(subtle);
			const counted = window as unknown as { keysMade: number };
			counted.keysMade = 0;
			subtle.generateKey = ((...args: Parameters<SubtleCrypto['generateKey']>) => {
				counted.keysMade++;
				return generateKey(...args);
			}) as SubtleCrypto['generateKey'];
		});
	return () =>
		Promise.all(frames.map((frame) => frame.evaluate(() => (window as unknown as { keysMade: number }).keysMade)));
}

/** Nodes of the pool specs' lab: enough for two workers (worker/pool.ts MIN_LEAVES_PER_WORKER). */
export const POOL_LAB_NODES = 64;

/**
 * Issues an RSA-2048 lab of POOL_LAB_NODES nodes under a new CA, which the pool spreads over a worker
 * per core (worker/pool.ts coresPerWorker); checks every certificate against the CA, and that
 * serials are unique.
 */
export async function issueLabAndVerify(page: Page, caName: string) {
	await createCa(page, caName);
	await page.getByLabel('Number of nodes').fill(String(POOL_LAB_NODES));
	await page.getByLabel('Key algorithm of the new keys').last().selectOption({ label: 'RSA 2048' });
	const downloaded = page.waitForEvent('download', { timeout: 100_000 });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const zip = await (await downloaded).path();
	const dir = mkdtempSync(join(tmpdir(), 'pool-lab-'));
	try {
		execFileSync('unzip', ['-q', zip, '-d', dir]);
		const nodes = Array.from({ length: POOL_LAB_NODES }, (_, i) => join(dir, `node${i + 1}`, 'node.crt'));
		const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'node1', 'ca.crt'), ...nodes]).toString();
		expect(out.split('\n').filter((line) => line.endsWith(': OK'))).toHaveLength(POOL_LAB_NODES);
		// Every certificate has its own serial, across the workers that issued them.
		const serials = nodes.map((file) => execFileSync('openssl', ['x509', '-noout', '-serial', '-in', file]).toString());
		expect(new Set(serials).size).toBe(POOL_LAB_NODES);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
