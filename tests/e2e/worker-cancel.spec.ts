import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp } from './support';

test('Cancel ends a long job at once with "Cancelled." and no error, and the app keeps working: the same CA issues next', async ({
	page
}) => {
	test.setTimeout(180_000);
	await openApp(page);
	await createCa(page, 'Cancel Worker CA');
	const algorithm = page.getByLabel('Key algorithm of the new keys').last();
	const usualAlgorithm = await algorithm.inputValue();

	// 400 RSA keys: a job of tens of seconds, busy inside RSA key generation, which cannot be interrupted
	// from within; only ending the worker stops it.
	await page.getByLabel('Number of nodes').fill('400');
	await algorithm.selectOption({ label: 'RSA 2048' });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const progress = page.getByRole('status').filter({ hasText: 'Issuing the lab' });
	await expect(progress).toContainText(/\b([1-9]\d*) \/ 401\b/, { timeout: 120_000 });
	// The lab is spread over the pool (one PKI worker per core): every one of them is busy with it.
	const busy = page.workers();
	expect(busy.length).toBeGreaterThanOrEqual(1);
	for (const worker of busy) expect(await worker.evaluate(() => self.name)).toBe('pki');

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
