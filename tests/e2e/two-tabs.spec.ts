import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab, PASSPHRASE } from './support';

/** Two pages of one browser context share IndexedDB and the BroadcastChannel, as two tabs do. */

async function unlock(page: Page, name: string): Promise<void> {
	await page.getByLabel(`Passphrase for ${name}`).fill(PASSPHRASE);
	await page.getByRole('button', { name: `Unlock ${name}` }).click();
	await expect(page.getByRole('button', { name: `Lock ${name}`, exact: true })).toBeVisible();
}

/** The serials in the Serial column of the certificates' rows (the CAs' rows left out). */
async function serials(page: Page): Promise<string[]> {
	const table = page.getByRole('table');
	const column = (await table.locator('thead th').allTextContents()).indexOf('Serial') + 1;
	expect(column).toBeGreaterThan(0);
	return table.locator(`tbody tr:not(.ca-row) td:nth-child(${column}) code`).allTextContents();
}

test('a new CA shows in the other tab, a lock propagates, concurrent issuance keeps every record with distinct serials', async ({
	context
}) => {
	const a = await context.newPage();
	const b = await context.newPage();
	await openApp(a);
	await openApp(b);

	await createCa(a, 'Tabs CA');
	// Tab B sees the new CA without a reload, locked: keys never travel between tabs.
	await expect(b.getByRole('heading', { name: 'Tabs CA' })).toBeVisible();
	await unlock(b, 'Tabs CA');

	// Lock in A locks B too.
	await a.getByRole('button', { name: 'Lock Tabs CA', exact: true }).click();
	await expect(b.getByRole('button', { name: 'Unlock Tabs CA' })).toBeVisible();
	await expect(b.getByRole('button', { name: 'Lock Tabs CA', exact: true })).toHaveCount(0);

	// "Lock all CAs in every tab" from B locks A.
	await unlock(a, 'Tabs CA');
	await unlock(b, 'Tabs CA');
	await goToView(b, 'Vault');
	await b.getByRole('button', { name: 'Lock all CAs in every tab' }).click();
	await expect(a.getByRole('button', { name: 'Unlock Tabs CA' })).toBeVisible();
	await goToView(b, 'Authorities');

	// Both tabs issue at the same moment: 3 node hosts + root client in A, 2 + root in B.
	await unlock(a, 'Tabs CA');
	await unlock(b, 'Tabs CA');
	await b.getByRole('button', { name: 'Issue from Tabs CA' }).click();
	await a.getByLabel('Node hosts', { exact: false }).fill('a1.lab');
	await a.getByLabel('SQL users', { exact: false }).fill('root, alice');
	await b.getByLabel('Node hosts', { exact: false }).fill('b1.lab');
	await b.getByLabel('SQL users', { exact: false }).fill('root, bob');
	await Promise.all([
		downloadFrom(a, 'Issue and download CockroachDB certificates'),
		downloadFrom(b, 'Issue and download CockroachDB certificates')
	]);

	// Each issuance recorded node + 2 clients; both tabs show all 6 (and the CA's row), with 6 distinct serials.
	for (const page of [a, b]) {
		await openCaTab(page, 'Tabs CA', 'Certificates');
		await expect(page.getByRole('table').locator('tbody tr')).toHaveCount(7);
		const s = await serials(page);
		expect(new Set(s).size).toBe(6);
	}
	await b.reload();
	await expect(b.getByRole('table').locator('tbody tr')).toHaveCount(7);
	expect((await serials(b)).sort()).toEqual((await serials(a)).sort());
});

test('a CA changed in another tab: this tab refreshes and says so', async ({ context }) => {
	const a = await context.newPage();
	const b = await context.newPage();
	await openApp(a);
	await openApp(b);
	await createCa(a, 'Notice CA');
	await expect(b.getByRole('heading', { name: 'Notice CA' })).toBeVisible();
	// A new CA is news, not a change underneath: no notice for it.
	await expect(b.getByText('was changed in another tab')).toHaveCount(0);

	const NEW = 'a new passphrase for the notice CA';
	await goToView(a, 'Vault');
	await a.getByText('Change passphrase of Notice CA').click();
	await a.getByLabel('Current passphrase of Notice CA').fill(PASSPHRASE);
	await a.getByLabel('New passphrase of Notice CA', { exact: true }).fill(NEW);
	await a.getByLabel('Repeat the new passphrase of Notice CA').fill(NEW);
	await a.getByRole('button', { name: 'Change passphrase' }).click();
	await expect(a.getByText('Passphrase changed.')).toBeVisible();

	const notice = b
		.getByRole('status')
		.filter({ hasText: 'Notice CA was changed in another tab; the view was refreshed.' });
	await expect(notice).toBeVisible();
	// The refreshed view holds the new sealed key: the new passphrase unlocks it in this tab.
	await b.getByLabel('Passphrase for Notice CA').fill(NEW);
	await b.getByRole('button', { name: 'Unlock Notice CA' }).click();
	await expect(b.getByRole('button', { name: 'Lock Notice CA', exact: true })).toBeVisible();
	await notice.getByRole('button', { name: 'Dismiss' }).click();
	await expect(notice).toHaveCount(0);
	await expect(a.getByText('was changed in another tab')).toHaveCount(0);
});
