import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { downloadFrom, startBusyRsaLab } from './support';
import { helperFrameCount, pkiWorkers, poolSize } from './pool-support';

test('Cancel ends a long job at once with "Cancelled." and no error, and the app keeps working: the same CA issues next', async ({
	page
}) => {
	test.setTimeout(180_000);
	// A 400-node RSA lab keeps the workers busy in key generation for tens of seconds.
	const { algorithm, usualAlgorithm, progress } = await startBusyRsaLab(page, 'Cancel Worker CA');
	// The lab is spread over the pool, one per core: the page's PKI worker and, for each further core,
	// a helper frame of its own process (worker/helper-frame.ts); every one of them is busy with it.
	const size = await poolSize(page);
	const frames = helperFrameCount(size);
	const busy = await pkiWorkers(page, size - frames);
	const helperFrames = page.locator('iframe[data-helper="own-thread"]');
	const busyFrames = page.frames().filter((frame) => frame.url() === 'about:srcdoc');
	expect(busyFrames).toHaveLength(frames);

	const cancelledAt = Date.now();
	await progress.getByRole('button', { name: 'Cancel: Issuing the lab' }).click();
	await expect(page.getByRole('status').filter({ hasText: /^Cancelled\.$/ })).toBeVisible();
	expect(Date.now() - cancelledAt).toBeLessThan(5_000);
	await expect(progress).toHaveCount(0);
	await expect(page.getByRole('alert')).toHaveCount(0);
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	// The busy workers were terminated and fresh ones started at once, as many as before.
	await expect.poll(() => page.workers().filter((w) => busy.includes(w)).length).toBe(0);
	await expect.poll(() => page.workers().length).toBe(busy.length);
	// The same for the helper frames: the busy ones are gone, fresh ones took their place.
	for (const frame of busyFrames) expect(frame.isDetached()).toBe(true);
	await expect(helperFrames).toHaveCount(frames);

	// The CA stays unlocked (its key lives in the page and is lent per call): a certs-dir issues now.
	await algorithm.selectOption(usualAlgorithm);
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	const listing = execFileSync('unzip', ['-Z1', zip]).toString();
	expect(listing).toContain('node.crt');
	expect(listing).toContain('client.root.key');
	await expect(page.getByText('Nothing issued yet.')).toHaveCount(0);
});
