import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Download } from '@playwright/test';
import { BUNDLES_DIR, createCa, openApp, openCaTab, recordRequests } from './support';
import { pageLoaded } from './pool-support';

/**
 * The legacy PKCS#12 choice (3DES, SHA-1 MAC) where the lab form and a renewal write .p12 files. Both
 * zips are saved into BUNDLES_DIR (the names below) with their password for
 * tests/interop/pkcs12-legacy-lab-renewal.test.ts, which opens them with OpenSSL 3 (no -legacy) and keytool.
 */
export const LEGACY_LAB_ZIP = 'elasticsearch-lab-p12-legacy.zip';
export const LEGACY_RENEWAL_ZIP = 'elasticsearch-renewal-p12-legacy.zip';
const PASSWORD = 'Legacy keystores 42!';

async function keep(download: Download, name: string): Promise<string> {
	mkdirSync(BUNDLES_DIR, { recursive: true });
	const path = join(BUNDLES_DIR, name);
	await download.saveAs(path);
	writeFileSync(join(BUNDLES_DIR, 'p12-legacy-consumers-password.txt'), `${PASSWORD}\n`);
	return path;
}

const labJson = (zip: string) => JSON.parse(execFileSync('unzip', ['-p', zip, 'lab.json'], { encoding: 'utf8' }));

test('a quick Elasticsearch lab with legacy keystores: the choice is kept in lab.json and comes back when it is opened', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/#/lab');
	await pageLoaded(page);
	const requests = recordRequests(page);
	await page.getByLabel('Lab system').selectOption({ label: 'Elasticsearch' });
	await page.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await page.getByLabel('Keystore password of the lab (printable ASCII: Java refuses other characters)').fill(PASSWORD);
	const compatibility = page.getByLabel('PKCS#12 compatibility');
	await expect(compatibility).toHaveValue('modern');
	await compatibility.selectOption({ label: 'Legacy (3DES, SHA-1)' });
	await expect(page.getByText(/^Imports on: Also macOS Keychain/)).toBeVisible();

	const downloaded = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const zip = await keep(await downloaded, LEGACY_LAB_ZIP);
	expect(labJson(zip)).toMatchObject({ version: 3, output: 'pkcs12', pkcs12Compatibility: 'legacy' });
	expect(requests).toEqual([]);

	// The saved definition, opened on a fresh form, brings the legacy choice back.
	const lab = join(BUNDLES_DIR, 'lab-p12-legacy.json');
	writeFileSync(lab, execFileSync('unzip', ['-p', zip, 'lab.json']));
	await page.reload();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	await page.getByLabel('Open a lab definition').setInputFiles(lab);
	await expect(page.getByLabel('Lab system')).toHaveValue('elasticsearch');
	await expect(page.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' })).toBeChecked();
	await expect(page.getByLabel('PKCS#12 compatibility')).toHaveValue('legacy');
});

test('renewing a .p12 with the legacy choice makes a legacy .p12', async ({ page }) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Legacy Renewal Root');
	await page.getByLabel('Target system').selectOption({ label: 'Elasticsearch' });
	const form = page.getByRole('form', { name: 'Elasticsearch certificates' });
	await form.getByLabel(/^Node name/).fill('es-legacy');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('localhost');
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await form.getByLabel('Keystore password (printable ASCII: Java refuses other characters)').fill('first password');
	const original = page.waitForEvent('download');
	await form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }).click();
	await original;

	// The full inventory, with its renew buttons, is on the CA's Certificates tab.
	await openCaTab(page, 'Legacy Renewal Root', 'Certificates');
	const table = page.getByRole('table');
	await table.getByRole('button', { name: /^Renew es-legacy\/es-legacy\.crt/ }).click();
	await table
		.getByLabel('Password for the renewed .p12 (printable ASCII: Java refuses other characters)')
		.fill(PASSWORD);
	const compatibility = table.getByLabel('PKCS#12 compatibility');
	await expect(compatibility).toHaveValue('modern');
	await compatibility.selectOption({ label: 'Legacy (3DES, SHA-1)' });
	const renewed = page.waitForEvent('download');
	await table.getByRole('button', { name: 'Renew and download es-legacy/es-legacy.crt' }).click();
	const zip = await keep(await renewed, LEGACY_RENEWAL_ZIP);
	expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' })).toContain('es-legacy/es-legacy.p12');
	expect(requests).toEqual([]);
});
