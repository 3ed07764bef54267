import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab, PASSPHRASE, recordRequests } from './support';

const BACKUP_PASSPHRASE = 'backup staple horse battery';

async function issueNode(page: Page, host: string): Promise<void> {
	await page.getByLabel('Node hosts', { exact: false }).fill(host);
	await downloadFrom(page, 'Issue and download CockroachDB certificates');
}

async function restore(page: Page, file: string, passphrase: string): Promise<void> {
	await page.getByLabel('Backup file').setInputFiles(file);
	await page.getByLabel('Passphrase of the backup').fill(passphrase);
	await page.getByRole('button', { name: 'Restore backup' }).click();
}

/** A checked backup shows what it would add; nothing is written until "Add these records". */
async function confirmRestore(page: Page, expected: string[]): Promise<void> {
	const preview = page.getByTestId('restore-preview');
	for (const line of expected) await expect(preview).toContainText(line);
	await page.getByRole('button', { name: 'Add these records' }).click();
	await expect(preview).toHaveCount(0);
}

test('backup, clear all site data, restore, unlock, issue; wrong passphrase and a tampered file change nothing', async ({
	page,
	browser
}) => {
	// Two browser contexts, a backup, three restores with their previews, an unlock and two issuances.
	test.slow();
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Backup Root CA');
	await issueNode(page, 'node1.lab');
	await openCaTab(page, 'Backup Root CA', 'Certificates');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(4);
	await goToView(page, 'Vault');
	// A CA change without a backup: the app says a backup is due.
	await expect(page.getByTestId('last-backup')).toContainText('never');
	await expect(page.getByText('Your CAs changed since the last backup')).toBeVisible();

	await page.getByLabel('Backup passphrase', { exact: true }).fill(BACKUP_PASSPHRASE);
	await page.getByLabel('Repeat the backup passphrase').fill(BACKUP_PASSPHRASE);
	const backup = await downloadFrom(page, 'Download backup');
	expect(backup).toMatch(/offline-ca-vault-\d{4}-\d{2}-\d{2}\.ocabackup$/);
	await expect(page.getByText('Your CAs changed since the last backup')).toHaveCount(0);
	await expect(page.getByTestId('last-backup')).not.toContainText('never');

	const bytes = readFileSync(backup);
	expect(bytes.subarray(0, 24).toString('latin1')).toBe('OFFLINE-CA VAULT BACKUP\n');
	const tampered = backup.replace(/\.ocabackup$/, '-tampered.ocabackup');
	const altered = Buffer.from(bytes);
	altered[altered.length - 40]! ^= 0x01;
	writeFileSync(tampered, altered);

	// Another machine: a new browser context has empty storage.
	const fresh = await browser.newContext({ acceptDownloads: true });
	const other = await fresh.newPage();
	await openApp(other);
	const otherRequests = recordRequests(other);
	await expect(other.getByText('No CA yet.')).toBeVisible();
	await goToView(other, 'Vault');

	await restore(other, backup, 'not the backup passphrase');
	await expect(other.locator('#restore-passphrase-error')).toContainText(
		'The backup passphrase does not open this file'
	);
	await restore(other, tampered, BACKUP_PASSPHRASE);
	await expect(other.locator('#restore-passphrase-error')).toContainText('or the file was altered');
	await goToView(other, 'Authorities');
	await expect(other.getByText('No CA yet.')).toBeVisible();
	await goToView(other, 'Inventory');
	await expect(other.getByText('Nothing issued yet.')).toBeVisible();
	await goToView(other, 'Vault');

	await restore(other, backup, BACKUP_PASSPHRASE);
	await expect(other.getByTestId('restore-preview')).toBeVisible();
	// Shown, not yet written: the vault's database still holds no CA.
	const storedCas = () =>
		other.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const open = indexedDB.open('offline-ca');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const count = open.result.transaction('cas').objectStore('cas').count();
						count.onsuccess = () => resolve(count.result);
						count.onerror = () => reject(count.error);
					};
				})
		);
	expect(await storedCas()).toBe(0);
	await confirmRestore(other, ['add 1 CA: Backup Root CA', 'add 2 certificate records']);
	await expect(other.getByRole('status').filter({ hasText: 'Restored:' })).toContainText(
		'1 CA and 2 certificates added'
	);
	await goToView(other, 'Inventory');
	await expect(other.getByRole('table').getByRole('row')).toHaveCount(4);
	await goToView(other, 'Vault');

	// Restoring again adds nothing: what is here is kept.
	await restore(other, backup, BACKUP_PASSPHRASE);
	await confirmRestore(other, [
		'add 0 certificate records',
		'keep as they are here 1 CA (Backup Root CA) and 2 certificates this vault already holds'
	]);
	await expect(other.getByRole('status').filter({ hasText: 'Restored:' })).toContainText(
		'0 CAs and 0 certificates added; 1 CA and 2 certificates were already here'
	);

	await goToView(other, 'Authorities');
	await expect(other.getByRole('heading', { name: 'Backup Root CA' })).toBeVisible();
	await other.getByLabel('Passphrase for Backup Root CA').fill(PASSPHRASE);
	await other.getByRole('button', { name: 'Unlock Backup Root CA' }).click();
	await expect(other.getByText(/Unlocked in \d+ ms/)).toBeVisible();
	await other.getByRole('button', { name: 'Issue from Backup Root CA' }).click();
	await issueNode(other, 'node2.lab');
	await openCaTab(other, 'Backup Root CA', 'Certificates');
	await expect(other.getByRole('table').getByRole('row')).toHaveCount(6);
	// Backup and restore, like every flow, make no request.
	expect(requests).toEqual([]);
	expect(otherRequests).toEqual([]);
	await fresh.close();
});

test('change a CA passphrase: the old one is refused afterwards, the new one unlocks', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Rekey CA');
	const NEW = 'a new passphrase for the CA';
	await openCaTab(page, 'Rekey CA', 'Settings');
	await page.getByText('Change passphrase of Rekey CA').click();
	await page.getByLabel('Current passphrase of Rekey CA').fill('wrong old passphrase');
	await page.getByLabel('New passphrase of Rekey CA', { exact: true }).fill(NEW);
	await page.getByLabel('Repeat the new passphrase of Rekey CA').fill(NEW);
	await page.getByRole('button', { name: 'Change passphrase' }).click();
	await expect(page.getByRole('alert')).toContainText('That passphrase does not open this CA');

	await page.getByLabel('Current passphrase of Rekey CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Change passphrase' }).click();
	await expect(page.getByText('Passphrase changed.')).toBeVisible();
	await goToView(page, 'Vault');
	await expect(page.getByText('Your CAs changed since the last backup')).toBeVisible();
	await goToView(page, 'Authorities');

	await page.getByRole('button', { name: 'Lock Rekey CA' }).click();
	await page.getByLabel('Passphrase for Rekey CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock Rekey CA' }).click();
	await expect(page.locator('#unlock-' + (await caId(page)) + '-error')).toContainText(
		'That passphrase does not open this CA'
	);
	await page.getByLabel('Passphrase for Rekey CA').fill(NEW);
	await page.getByRole('button', { name: 'Unlock Rekey CA' }).click();
	await expect(page.getByRole('button', { name: 'Lock Rekey CA' })).toBeVisible();
});

async function caId(page: Page): Promise<string> {
	const id = await page.getByLabel('Passphrase for Rekey CA').getAttribute('id');
	return (id ?? '').replace(/^unlock-/, '');
}

test('a weak new passphrase is refused next to its input with the reason; nothing is created', async ({ page }) => {
	await openApp(page);
	for (const weak of ['aaaaaaaaaa', 'password12']) {
		await page.getByLabel('CA name').fill('Weak CA');
		await page.getByLabel('Passphrase', { exact: true }).fill(weak);
		await page.getByLabel('Passphrase again').fill(weak);
		await expect(page.locator('#ca-passphrase-strength')).toContainText('Too easy to guess');
		await page.getByRole('button', { name: 'Create CA' }).click();
		await expect(page.locator('#ca-passphrase-error')).toContainText('four or more random words');
	}
	await expect(page.locator('#ca-passphrase-error')).toContainText('commonly used password');
	await expect(page.getByText('No CA yet.')).toBeVisible();
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await expect(page.locator('#ca-passphrase-strength')).toHaveText('Strong.');

	// The backup passphrase has the same floor.
	await createCa(page, 'Floor CA');
	await goToView(page, 'Vault');
	await page.getByLabel('Backup passphrase', { exact: true }).fill('password12');
	await page.getByLabel('Repeat the backup passphrase').fill('password12');
	await page.getByRole('button', { name: 'Download backup' }).click();
	await expect(page.locator('#backup-passphrase-error')).toContainText('commonly used password');
	await expect(page.getByTestId('last-backup')).toContainText('never');
});
