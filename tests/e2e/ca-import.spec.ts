import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { P12_PASSWORD, ToolCaDir } from '../../src/lib/pki/ca-import/tool-fixtures';
import { pem } from '../../src/lib/pki/der/pem';
import { x509 } from '../../src/lib/pki/x509';
import { BUNDLES_DIR, downloadFrom, openApp, PASSPHRASE, recordRequests, goToView } from './support';

/**
 * Importing an existing CA: one made by openssl (certificate + PKCS#1 key in PEM) and one made by
 * keytool (a PKCS#12 keystore) are imported, survive a reload, unlock, and issue a CockroachDB node
 * bundle; bad files are refused next to their input and store nothing. The CA files are kept in
 * BUNDLES_DIR/ca-import, where tests/interop/ca-import.test.ts verifies the bundles against them.
 */
const SOURCES = join(BUNDLES_DIR, 'ca-import');
const tools = new ToolCaDir('e2e-ca-import-', SOURCES);

/**
 * A CA whose validity ended in 2021, made with the app's x509 library: openssl 3.0 cannot back-date
 * a certificate, and the import must be shown an expired one.
 */
async function writeExpiredCa(): Promise<void> {
	const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
	const keys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
	const cert = await x509.X509CertificateGenerator.createSelfSigned({
		serialNumber: '01',
		name: 'CN=Expired Old CA',
		notBefore: new Date('2016-01-01T00:00:00Z'),
		notAfter: new Date('2021-01-01T00:00:00Z'),
		keys,
		signingAlgorithm: alg,
		extensions: [
			new x509.BasicConstraintsExtension(true, undefined, true),
			new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
			await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)
		]
	});
	tools.write('expired-ca.crt', cert.toString('pem') + '\n');
	tools.write(
		'expired-ca.key',
		pem(new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey)), 'PRIVATE KEY', true)
	);
}

test.beforeAll(async () => {
	await writeExpiredCa();
	const key = tools.key('openssl-ca.key', 'rsa2048', 'pkcs1');
	tools.selfSigned('openssl-ca.crt', key, 'Imported OpenSSL CA');
	const keystore = tools.keytoolCa('keytool-ca.p12', 'Keytool EC CA');
	tools.keytoolExport('keytool-ca.crt', keystore);
	// A node certificate with its own key: a valid pair, but not a CA.
	const nodeKey = tools.key('node.key', 'p256');
	tools.signed('node.crt', nodeKey, 'node', { crt: tools.path('openssl-ca.crt'), key }, [
		'basicConstraints=critical,CA:FALSE',
		'keyUsage=critical,digitalSignature'
	]);
});

const certificateInput = (page: Page) =>
	page.getByLabel('CA certificate file (PEM with its chain, or a .p12 / .pfx holding the key too)');
const keyInput = (page: Page) =>
	page.getByLabel('CA private key file (PEM; not needed for a .p12 or a PEM that holds the key)');
const passwordInput = (page: Page) => page.getByLabel('Password of the key or PKCS#12 file');

async function fillImport(page: Page, files: { certificate: string; key?: string; password?: string; name?: string }) {
	if (!(await page.locator('details.import-ca').evaluate((d) => (d as HTMLDetailsElement).open)))
		await page.getByText('Import an existing CA', { exact: true }).click();
	await certificateInput(page).setInputFiles(tools.path(files.certificate));
	if (files.key) await keyInput(page).setInputFiles(tools.path(files.key));
	if (files.password !== undefined) await passwordInput(page).fill(files.password);
	if (files.name)
		await page.getByLabel("Name for the imported CA (empty: the certificate's common name)").fill(files.name);
	await page.getByLabel('New passphrase to seal the imported key').fill(PASSPHRASE);
	await page.getByLabel('Repeat the new passphrase for the imported key').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Import CA' }).click();
}

/** Reload, unlock with the new passphrase, issue node.crt for localhost and save the zip. */
async function reloadUnlockIssue(page: Page, name: string, zipName: string) {
	await page.reload();
	await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	await page.getByLabel(`Passphrase for ${name}`).fill(PASSPHRASE);
	await page.getByRole('button', { name: `Unlock ${name}` }).click();
	await expect(page.getByText(/Unlocked in \d+ ms/)).toBeVisible();
	await page.getByRole('button', { name: `Issue from ${name}` }).click();
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(zip)).toBe(zipName);
}

test('import an openssl CA (certificate + PKCS#1 key), reload, unlock, issue a CockroachDB node bundle', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await fillImport(page, { certificate: 'openssl-ca.crt', key: 'openssl-ca.key' });
	// No name typed: the certificate's CN names the CA.
	await expect(page.getByRole('heading', { name: 'Imported OpenSSL CA', exact: true })).toBeVisible({
		timeout: 60_000
	});
	await expect(page.getByRole('button', { name: 'Lock Imported OpenSSL CA' })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Imported Imported OpenSSL CA' })).toBeVisible();
	expect(requests).toEqual([]);
	await reloadUnlockIssue(page, 'Imported OpenSSL CA', 'cockroachdb-certs-imported-openssl-ca.zip');

	// The same CA again is refused: one key, one record.
	await goToView(page, 'Authorities');
	await fillImport(page, { certificate: 'openssl-ca.crt', key: 'openssl-ca.key' });
	await expect(certificateInput(page)).toHaveAccessibleDescription(/already in the vault as Imported OpenSSL CA/);
	await expect(page.getByRole('heading', { name: 'Imported OpenSSL CA', exact: true })).toHaveCount(1);
});

test('import a keytool PKCS#12 CA under a chosen name, reload, unlock, issue a CockroachDB node bundle', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await fillImport(page, { certificate: 'keytool-ca.p12', password: P12_PASSWORD, name: 'Keytool Imported CA' });
	await expect(page.getByRole('heading', { name: 'Keytool Imported CA', exact: true })).toBeVisible({
		timeout: 60_000
	});
	expect(requests).toEqual([]);
	await reloadUnlockIssue(page, 'Keytool Imported CA', 'cockroachdb-certs-keytool-imported-ca.zip');
});

test('a wrong PKCS#12 password and a non-CA certificate are refused next to their input, and nothing is stored', async ({
	page
}) => {
	await openApp(page);
	await fillImport(page, { certificate: 'keytool-ca.p12', password: 'not-the-password' });
	await expect(passwordInput(page)).toHaveAccessibleDescription(/The password for the PKCS#12 file is wrong/);
	await expect(passwordInput(page)).toHaveAttribute('aria-invalid', 'true');

	await openApp(page);
	await fillImport(page, { certificate: 'node.crt', key: 'node.key' });
	await expect(certificateInput(page)).toHaveAccessibleDescription(
		/node is not a CA certificate: it lacks basicConstraints CA:TRUE/
	);
	await expect(keyInput(page)).toHaveAttribute('aria-invalid', 'false');

	// An expired CA: a warning next to a checkbox the user must tick, then the import goes through.
	await openApp(page);
	await fillImport(page, { certificate: 'expired-ca.crt', key: 'expired-ca.key' });
	const anyway = page.getByRole('checkbox', { name: /Import it anyway/ });
	await expect(anyway).toHaveAccessibleDescription(
		/Expired Old CA expired on 2021-01-01: nothing this CA signs will verify until it is renewed/
	);
	await expect(page.getByRole('heading', { name: 'Expired Old CA', exact: true })).toHaveCount(0);

	// Nothing was stored, even after a reload.
	await openApp(page);
	await expect(page.getByText('No CA yet.')).toBeVisible();
});

test('an expired CA is imported only once the user ticks "Import it anyway"', async ({ page }) => {
	await openApp(page);
	await fillImport(page, { certificate: 'expired-ca.crt', key: 'expired-ca.key' });
	const anyway = page.getByRole('checkbox', { name: /Import it anyway/ });
	await expect(anyway).toHaveAccessibleDescription(/expired on 2021-01-01/);
	await anyway.check();
	// A refusal keeps the chosen files and the typed passphrases: only the box is ticked.
	await page.getByRole('button', { name: 'Import CA' }).click();
	await expect(page.getByRole('heading', { name: 'Expired Old CA', exact: true })).toBeVisible({ timeout: 60_000 });
});
