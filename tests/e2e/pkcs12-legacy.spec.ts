import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUNDLES_DIR, createCa, openApp, recordRequests } from './support';

/**
 * A legacy .p12 (3DES, SHA-1 MAC) from the Elasticsearch form, saved into BUNDLES_DIR as
 * elasticsearch-p12-legacy.zip for tests/interop/pkcs12.test.ts, which opens it with OpenSSL 3 (no
 * -legacy) and keytool.
 */
export const LEGACY_P12_PASSWORD = 'Legacy e2e 42!';

test('Elasticsearch PKCS#12 in legacy compatibility: the choice names its platforms, and the zip is saved', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Legacy P12 CA');
	await page.getByLabel('Target system').selectOption({ label: 'Elasticsearch' });
	const form = page.getByRole('form', { name: 'Elasticsearch certificates' });
	await form.getByLabel(/^Node name/).fill('node-1');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('localhost');
	await form.getByLabel('IP addresses of the node', { exact: false }).fill('127.0.0.1');
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await form.getByLabel('Keystore password (printable ASCII: Java refuses other characters)').fill(LEGACY_P12_PASSWORD);

	const compatibility = form.getByLabel('PKCS#12 compatibility');
	await expect(compatibility).toHaveValue('modern');
	await expect(form.getByText(/^Imports on: OpenSSL 3, Java 8u301/)).toBeVisible();
	await compatibility.selectOption({ label: 'Legacy (3DES, SHA-1)' });
	await expect(form.getByText(/^Imports on: Also macOS Keychain, older iOS, Android, older Windows/)).toBeVisible();

	const downloaded = page.waitForEvent('download');
	await form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }).click();
	const file = await downloaded;
	mkdirSync(BUNDLES_DIR, { recursive: true });
	const zip = join(BUNDLES_DIR, 'elasticsearch-p12-legacy.zip');
	await file.saveAs(zip);
	writeFileSync(join(BUNDLES_DIR, 'p12-legacy-password.txt'), `${LEGACY_P12_PASSWORD}\n`);

	// The .p12 in the zip is legacy: OpenSSL 3 opens it without -legacy and names 3DES and SHA-1.
	const p12 = execFileSync('unzip', ['-p', zip, 'node-1/node-1.p12']);
	const p12Path = join(BUNDLES_DIR, 'node-1-legacy.p12');
	writeFileSync(p12Path, p12);
	const info = spawnSync(
		'openssl',
		['pkcs12', '-info', '-noout', '-in', p12Path, '-passin', `pass:${LEGACY_P12_PASSWORD}`],
		{ encoding: 'utf8' }
	);
	const said = `${info.stdout}${info.stderr}`;
	expect(info.status, said).toBe(0);
	expect(said).toContain('MAC: sha1');
	expect(said).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC');
	expect(requests).toEqual([]);
});
