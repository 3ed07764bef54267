import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createCa, openApp, openCaTab, recordRequests } from './support';

test('a 1,000-node lab issues with progress in one zip, and the inventory pages through it', async ({ page }) => {
	test.setTimeout(240_000);
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Bulk CA');
	await page.getByLabel('Number of nodes').fill('1000');
	await page.getByLabel('Hosts of each node').fill('node{i}.lab.internal, 10.0.{i}.1');
	// From node 256 on, 10.0.{i}.1 is not an address: policy refuses the whole lab, naming the first
	// bad node, before any key is made.
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	await expect(page.locator('#lab-hosts-error')).toContainText(
		'node256: "10.0.256.1" is not an IPv4 address: "256" is not a number from 0 to 255.'
	);
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();

	await page.getByLabel('Hosts of each node').fill('node{i}.lab.internal, localhost');
	const downloaded = page.waitForEvent('download', { timeout: 200_000 });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	// Progress is shown while the worker issues, and the page keeps answering input meanwhile.
	await expect(page.getByRole('status').filter({ hasText: 'Issuing the lab' })).toBeVisible();
	await page.getByLabel('Node hosts', { exact: false }).fill('typed while issuing');
	await expect(page.getByLabel('Node hosts', { exact: false })).toHaveValue('typed while issuing');
	const download = await downloaded;
	const path = await download.path();
	const listing = execFileSync('unzip', ['-Z1', path]).toString().split('\n').filter(Boolean);
	expect(listing.filter((name) => name.endsWith('/node.key'))).toHaveLength(1000);
	expect(listing).toContain('node1000/node.crt');
	expect(listing).toContain('client/client.root.key');

	await openCaTab(page, 'Bulk CA', 'Certificates');
	await expect(page.getByText('Page 1 of 21 (1001 certificates)')).toBeVisible();
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(51);
	await page.getByRole('button', { name: 'Next page' }).click();
	await expect(page.getByText('Page 2 of 21 (1001 certificates)')).toBeVisible();
	expect(requests).toEqual([]);
});

test('cancelling a bulk issuance stops it and records nothing', async ({ page }) => {
	test.setTimeout(180_000);
	await openApp(page);
	await createCa(page, 'Cancel CA');
	await page.getByLabel('Number of nodes').fill('400');
	// 400 RSA keys take long enough (tens of seconds) that the cancel always lands mid-way.
	await page.getByLabel('Key algorithm of the new keys').last().selectOption({ label: 'RSA 2048' });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const progress = page.getByRole('status').filter({ hasText: 'Issuing the lab' });
	await expect(progress).toContainText(/\b(1[6-9]|[2-9]\d|\d{3}) \/ 401\b/, { timeout: 120_000 });
	await progress.getByRole('button', { name: 'Cancel: Issuing the lab' }).click();
	// Cancel ends the worker at once, even in the middle of an RSA key: a plain note, no error message.
	await expect(page.getByRole('status').filter({ hasText: /^Cancelled\.$/ })).toBeVisible({ timeout: 5_000 });
	await expect(progress).toHaveCount(0);
	await expect(page.locator('#lab-form-error')).toHaveCount(0);
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
});
