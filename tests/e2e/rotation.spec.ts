import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
import { BUNDLES_DIR, createCa, goToView, openApp, openCaTab, PASSPHRASE, recordRequests } from './support';

/** A CockroachDB certs-dir of node and client.root, with the kubernetes/ Secrets the Helm chart reads. */
const CRDB_NODE_AND_ROOT = [
	'README.txt',
	'ca.crt',
	'client.root.crt',
	'client.root.key',
	'kubernetes/cockroachdb-secrets.yaml',
	'kubernetes/cockroachdb-values.yaml',
	'node.crt',
	'node.key'
];

/** Downloads of this suite, under names of their own (several share the app's default name); tests/interop/rotation.test.ts reads them. */
const ROTATION_DIR = join(BUNDLES_DIR, 'rotation');

async function saveAs(download: Download | Promise<Download>, name: string): Promise<string> {
	mkdirSync(ROTATION_DIR, { recursive: true });
	const path = join(ROTATION_DIR, name);
	await (await download).saveAs(path);
	return path;
}

async function clickAndSave(page: Page, button: ReturnType<Page['getByRole']>, name: string): Promise<string> {
	const download = page.waitForEvent('download');
	await button.click();
	return saveAs(download, name);
}

function unzip(zipPath: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-rotation-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	return {
		dir,
		files: execFileSync('find', ['.', '-type', 'f'], { cwd: dir })
			.toString()
			.split('\n')
			.filter(Boolean)
			.map((f) => f.slice(2))
			.sort()
	};
}

const subjects = (pemText: string): string[] =>
	(pemText.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map((block) =>
		execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253'], { input: block })
			.toString()
			.trim()
			.replace(/^subject=/, '')
	);

async function issueCockroachNode(page: Page, hosts: string): Promise<Download> {
	await page.getByLabel('Target system').selectOption({ label: 'CockroachDB' });
	await page.getByLabel('Node hosts', { exact: false }).fill(hosts);
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Issue and download CockroachDB certificates' }).click();
	return download;
}

async function rotate(page: Page, oldName: string, newName: string, style: RegExp): Promise<void> {
	await openCaTab(page, oldName, 'Rotation');
	const card = page.getByRole('article', { name: oldName, exact: true });
	await card.getByText(`Rotate ${oldName} to a new root`).click();
	await card.getByRole('radio', { name: style }).check();
	await card.getByLabel('Name of the new root').fill(newName);
	await card.getByLabel('Passphrase for the new root').fill(PASSPHRASE);
	await card.getByLabel("Repeat the new root's passphrase").fill(PASSPHRASE);
}

test('renew a leaf from the inventory: same names, a new key, recorded as a renewal', async ({ page }) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Renewal Root');
	await saveAs(await issueCockroachNode(page, 'node1.example, localhost'), 'renew-original.zip');
	await openCaTab(page, 'Renewal Root', 'Certificates');
	const table = page.getByRole('table');
	// Header, the CA's own row, node.crt and client.root.crt.
	await expect(table.getByRole('row')).toHaveCount(4);

	await table.getByRole('button', { name: /^Renew node\.crt/ }).click();
	await expect(table.getByLabel('Validity of the renewed node.crt (days)')).not.toHaveValue('');
	await table.getByLabel('Validity of the renewed node.crt (days)').fill('90');
	const zip = await clickAndSave(
		page,
		table.getByRole('button', { name: 'Renew and download node.crt' }),
		'renew-renewed.zip'
	);
	await expect(table.getByRole('row')).toHaveCount(5);
	const { dir, files } = unzip(zip);
	try {
		expect(files).toEqual([
			'README.txt',
			'ca.crt',
			'kubernetes/cockroachdb-secrets.yaml',
			'kubernetes/cockroachdb-values.yaml',
			'node.crt',
			'node.key'
		]);
		const text = execFileSync('openssl', [
			'x509',
			'-in',
			join(dir, 'node.crt'),
			'-noout',
			'-ext',
			'subjectAltName',
			'-enddate'
		]).toString();
		expect(text).toContain('DNS:node1.example, DNS:localhost');
		const days = (Date.parse(text.match(/notAfter=(.*)/)![1]!) - Date.now()) / 86_400_000;
		expect(days).toBeGreaterThan(89);
		expect(days).toBeLessThan(91);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// A too-long renewal is refused next to the input, and nothing is recorded.
	await table.getByRole('button', { name: /^Renew client\.root\.crt/ }).click();
	await table.getByLabel('Validity of the renewed client.root.crt (days)').fill('99999');
	await table.getByRole('button', { name: 'Renew and download client.root.crt' }).click();
	await expect(table.getByRole('alert')).toContainText('Validity must be a whole number of days');
	await expect(table.getByRole('row')).toHaveCount(5);
	expect(requests).toEqual([]);
});

test('renewing a leaf that went out as PKCS#12 asks for a password and makes a .p12 again', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Keystore Root');
	await page.getByLabel('Target system').selectOption({ label: 'Elasticsearch' });
	const form = page.getByRole('form', { name: 'Elasticsearch certificates' });
	await form.getByLabel(/^Node name/).fill('es-renew');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('localhost es-renew.lab');
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await form.getByLabel('Keystore password (printable ASCII: Java refuses other characters)').fill('first password');
	await clickAndSave(
		page,
		form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }),
		'renew-p12-original.zip'
	);
	await openCaTab(page, 'Keystore Root', 'Certificates');
	const table = page.getByRole('table');
	await expect(table.getByRole('row')).toHaveCount(3);

	await table.getByRole('button', { name: /^Renew es-renew\/es-renew\.crt/ }).click();
	const password = table.getByLabel('Password for the renewed .p12 (printable ASCII: Java refuses other characters)');
	const renew = table.getByRole('button', { name: 'Renew and download es-renew/es-renew.crt' });
	// A password Java cannot use is refused next to its input, and nothing is recorded.
	await password.fill('grüße');
	await renew.click();
	await expect(table.locator('.field-error')).toContainText('Password is not ASCII');
	await expect(password).toHaveAttribute('aria-invalid', 'true');
	await expect(table.getByRole('row')).toHaveCount(3);

	await password.fill('second password');
	const zip = await clickAndSave(page, renew, 'renew-p12-renewed.zip');
	await expect(table.getByRole('row')).toHaveCount(4);
	const { dir, files } = unzip(zip);
	try {
		expect(files).toEqual(['README.txt', 'ca/ca.crt', 'es-renew/es-renew.p12', 'es-renew/sample-elasticsearch.yml']);
		const p12 = join(dir, 'es-renew', 'es-renew.p12');
		// OpenSSL opens it with the new password only, and finds a key and the renewed certificate with the same names.
		const certs = execFileSync('openssl', [
			'pkcs12',
			'-in',
			p12,
			'-passin',
			'pass:second password',
			'-nokeys',
			'-clcerts'
		]).toString();
		expect(
			execFileSync('openssl', ['x509', '-noout', '-ext', 'subjectAltName'], { input: certs }).toString()
		).toContain('DNS:localhost, DNS:es-renew.lab');
		expect(
			execFileSync('openssl', [
				'pkcs12',
				'-in',
				p12,
				'-passin',
				'pass:second password',
				'-nocerts',
				'-nodes'
			]).toString()
		).toContain('BEGIN PRIVATE KEY');
		expect(() =>
			execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:first password', '-noout'], { stdio: 'pipe' })
		).toThrow();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('CA renewal with the same key: old leaves stay valid under the renewed certificate', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Same Key Root', { years: 1 });
	await saveAs(await issueCockroachNode(page, 'before.example'), 'samekey-before.zip');
	await openCaTab(page, 'Same Key Root', 'Rotation');
	const card = page.getByRole('article', { name: 'Same Key Root', exact: true });
	await card.getByText('Renew Same Key Root with the same key').click();
	await card.getByLabel('Validity of the renewed CA certificate (days)').fill('1000');
	await card.getByRole('button', { name: 'Renew Same Key Root with the same key' }).click();
	await expect(card.getByRole('status').filter({ hasText: 'Renewed Same Key Root with the same key' })).toBeVisible();
	await expect(card).toContainText('(999 days left)');
	await openCaTab(page, 'Same Key Root', 'Issue');
	await saveAs(await issueCockroachNode(page, 'after.example'), 'samekey-after.zip');
});

test('CockroachDB-style rotation: both CAs in ca.crt, new first, then everything re-issued under the new CA', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Crdb Old Root');
	await saveAs(await issueCockroachNode(page, 'old-node.example, localhost, 127.0.0.1'), 'crdb-old-node.zip');

	await rotate(page, 'Crdb Old Root', 'Crdb New Root', /Trust both roots/);
	await page
		.getByRole('article', { name: 'Crdb Old Root', exact: true })
		.getByRole('button', { name: 'Rotate to the new root' })
		.click();
	await expect(page.getByRole('article', { name: 'Crdb Old Root', exact: true })).toContainText(
		'Crdb New Root is the active root',
		{ timeout: 60_000 }
	);
	await openCaTab(page, 'Crdb New Root', 'Rotation');
	const fresh = page.getByRole('article', { name: 'Crdb New Root', exact: true });
	await expect(fresh).toContainText('Replaces Crdb Old Root');

	const combined = await clickAndSave(
		page,
		fresh.getByRole('button', { name: 'Download combined ca.crt of Crdb New Root and Crdb Old Root' }),
		'crdb-combined-ca.crt'
	);
	expect(subjects(readFileSync(combined, 'utf8'))).toEqual(['CN=Crdb New Root', 'CN=Crdb Old Root']);

	await openCaTab(page, 'Crdb New Root', 'Issue');
	const newZip = await saveAs(
		await issueCockroachNode(page, 'new-node.example, localhost, 127.0.0.1'),
		'crdb-new-node.zip'
	);
	const { dir, files } = unzip(newZip);
	try {
		expect(files).toEqual(CRDB_NODE_AND_ROOT);
		expect(subjects(readFileSync(join(dir, 'ca.crt'), 'utf8'))).toEqual(['CN=Crdb New Root', 'CN=Crdb Old Root']);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	await openCaTab(page, 'Crdb New Root', 'Rotation');
	const reissued = await clickAndSave(
		page,
		fresh.getByRole('button', { name: 'Re-issue everything under Crdb Old Root from Crdb New Root' }),
		'crdb-reissued.zip'
	);
	await expect(fresh.getByRole('status').filter({ hasText: '2 certificates re-issued' })).toContainText(
		'0 could not be'
	);
	const re = unzip(reissued);
	try {
		expect(re.files).toEqual(CRDB_NODE_AND_ROOT);
		expect(
			execFileSync('openssl', [
				'x509',
				'-in',
				join(re.dir, 'node.crt'),
				'-noout',
				'-issuer',
				'-ext',
				'subjectAltName'
			]).toString()
		).toMatch(/CN ?= ?Crdb New Root[\s\S]*DNS:old-node\.example/);
	} finally {
		rmSync(re.dir, { recursive: true, force: true });
	}

	await fresh.getByRole('button', { name: 'Mark rotation to Crdb New Root complete' }).click();
	await expect(fresh.getByRole('button', { name: /Download combined ca\.crt/ })).toHaveCount(0);
	await openCaTab(page, 'Crdb Old Root', 'Rotation');
	await expect(page.getByRole('article', { name: 'Crdb Old Root', exact: true })).toContainText('Retired on');
});

test('Consul-style rotation: the new root cross-signed by the old one ships after each leaf', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Consul Old Root');
	await page.getByLabel('Target system').selectOption({ label: 'Consul agent TLS' });
	await page.getByLabel('Server node names (-node), one certificate each').fill('consul-server-0');
	const oldDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Issue and download Consul agent TLS certificates' }).click();
	await saveAs(oldDownload, 'consul-old.zip');

	await rotate(page, 'Consul Old Root', 'Consul New Root', /Cross-sign the new root/);
	await page
		.getByRole('article', { name: 'Consul Old Root', exact: true })
		.getByRole('button', { name: 'Rotate to the new root' })
		.click();
	await expect(page.getByRole('article', { name: 'Consul Old Root', exact: true })).toContainText(
		'Consul New Root is the active root',
		{ timeout: 60_000 }
	);

	await openCaTab(page, 'Consul New Root', 'Issue');
	await page.getByLabel('Target system').selectOption({ label: 'Consul agent TLS' });
	await page.getByLabel('Server node names (-node), one certificate each').fill('consul-server-1');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Issue and download Consul agent TLS certificates' }).click();
	const zip = await saveAs(download, 'consul-new.zip');
	const { dir, files } = unzip(zip);
	try {
		const server = files.find((f) => /server-consul-\d\.pem$/.test(f))!;
		// Leaf, then the new root as the old root signed it.
		const chain = readFileSync(join(dir, server), 'utf8');
		expect(subjects(chain)).toHaveLength(2);
		expect(subjects(chain)[1]).toBe('CN=Consul New Root');
		const blocks = chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)!;
		expect(
			execFileSync('openssl', ['x509', '-noout', '-issuer', '-nameopt', 'RFC2253'], { input: blocks[1] })
				.toString()
				.trim()
		).toBe('issuer=CN=Consul Old Root');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('forced rotation warns what will break and proceeds only after confirming', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Forced Old Root');
	await rotate(page, 'Forced Old Root', 'Forced New Root', /Forced, without cross-signing/);
	const card = page.getByRole('article', { name: 'Forced Old Root', exact: true });
	await card.getByRole('button', { name: 'Force rotation…' }).click();
	await expect(card.getByRole('alert')).toContainText('Peers that still trust only Forced Old Root will refuse');
	await expect(page.getByRole('article', { name: 'Forced New Root', exact: true })).toHaveCount(0);
	await card.getByRole('button', { name: 'I understand, force the rotation' }).click();
	await expect(card).toContainText('Retired on', { timeout: 60_000 });
	await expect(card).toContainText('replaced by Forced New Root');
	await goToView(page, 'Authorities');
	await expect(page.getByRole('article', { name: 'Forced New Root', exact: true })).toBeVisible();
});

test('renewing an intermediate: a locked parent and a validity beyond the parent are refused next to the action', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Parent Root', { years: 1 });
	const rootCard = page.getByRole('article', { name: 'Parent Root', exact: true });
	await rootCard.getByText('Create intermediate CA under Parent Root').click();
	await rootCard.getByLabel('Name of the new intermediate').fill('Child Issuing');
	await rootCard.getByLabel('Passphrase for the intermediate').fill(PASSPHRASE);
	await rootCard.getByLabel("Repeat the intermediate's passphrase").fill(PASSPHRASE);
	await rootCard.getByRole('button', { name: 'Create intermediate CA' }).click();
	await expect(rootCard.getByRole('button', { name: 'Create intermediate CA' })).toBeEnabled({ timeout: 60_000 });
	await rootCard.getByRole('button', { name: 'Lock Parent Root' }).click();
	await openCaTab(page, 'Child Issuing', 'Rotation');
	const child = page.getByRole('article', { name: 'Child Issuing', exact: true });
	await child.getByText('Renew Child Issuing with the same key').click();
	await child.getByLabel('Validity of the renewed CA certificate (days)').fill('30');
	await child.getByRole('button', { name: 'Renew Child Issuing with the same key' }).click();
	await expect(child.getByRole('alert')).toHaveText(
		'Unlock Parent Root before renewing Child Issuing, which it signed.'
	);

	await goToView(page, 'Authorities');
	await page.getByLabel('Passphrase for Parent Root').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock Parent Root' }).click();
	await expect(rootCard.getByRole('button', { name: 'Lock Parent Root' })).toBeVisible();
	await openCaTab(page, 'Child Issuing', 'Rotation');
	await child.getByText('Renew Child Issuing with the same key').click();
	await child.getByLabel('Validity of the renewed CA certificate (days)').fill('5000');
	await child.getByLabel('Validity of the renewed CA certificate (days)').press('Enter');
	await expect(child.getByRole('alert')).toContainText('5000 days would outlast the CA');
	// A refusal keeps what was typed (ui/rotation/RenewCaForm.svelte keeps its draft after a failure).
	await expect(child.getByLabel('Validity of the renewed CA certificate (days)')).toHaveValue('5000');
	await child.getByLabel('Validity of the renewed CA certificate (days)').fill('30');
	await child.getByRole('button', { name: 'Renew Child Issuing with the same key' }).click();
	await expect(child.getByRole('status').filter({ hasText: 'Renewed Child Issuing with the same key' })).toBeVisible();
	await expect(child).toContainText('(29 days left)');
});

test('recovery: a CA re-created with a new key and everything under it re-issued in one zip, with a summary', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Recover Root');
	await saveAs(await issueCockroachNode(page, 'keep.example, localhost'), 'recover-original.zip');
	await openCaTab(page, 'Recover Root', 'Rotation');
	const card = page.getByRole('article', { name: 'Recover Root', exact: true });
	await card.getByText('Recover Recover Root: re-issue it and everything under it').click();
	await card.getByRole('checkbox', { name: /Keep the CA's key/ }).uncheck();
	await card.getByLabel('Passphrase for the re-created CA').fill(PASSPHRASE);
	await card.getByLabel('Repeat that passphrase').fill(PASSPHRASE);
	const zip = await clickAndSave(
		page,
		card.getByRole('button', { name: 'Re-issue Recover Root and everything under it' }),
		'recover-reissued.zip'
	);
	await expect(card.getByRole('status').filter({ hasText: 'certificates re-issued' })).toHaveText(
		/2 certificates re-issued \(downloaded recover-root-reissued\.zip\);\s+0 could not be\./
	);
	await expect(card).toContainText('Retired on');
	// Both CAs are listed under the same name: the old one retired, the new one active.
	await goToView(page, 'Authorities');
	const cards = page.getByRole('article', { name: 'Recover Root', exact: true });
	await expect(cards).toHaveCount(2);
	await cards.nth(1).getByRole('link', { name: 'Recover Root' }).click();
	await page.getByRole('navigation', { name: 'Recover Root sections' }).getByRole('link', { name: 'Rotation' }).click();
	await expect(page.getByRole('article', { name: 'Recover Root', exact: true })).toContainText(
		'Active root. Replaces Recover Root (retired)'
	);
	const { dir, files } = unzip(zip);
	try {
		expect(files).toEqual(CRDB_NODE_AND_ROOT);
		// The old CA is retired, so the re-issued bundle trusts the new CA alone.
		expect(subjects(readFileSync(join(dir, 'ca.crt'), 'utf8'))).toEqual(['CN=Recover Root']);
		const verified = execFileSync('openssl', [
			'verify',
			'-CAfile',
			join(dir, 'ca.crt'),
			join(dir, 'node.crt')
		]).toString();
		expect(verified).toContain('OK');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	// Again on the new CA, keeping its key: the re-issued certificates are renewed once more, the old ones not twice.
	const fresh = page.getByRole('article', { name: 'Recover Root', exact: true });
	await fresh.getByText('Recover Recover Root: re-issue it and everything under it').click();
	await clickAndSave(
		page,
		fresh.getByRole('button', { name: 'Re-issue Recover Root and everything under it' }),
		'recover-again.zip'
	);
	await expect(fresh.getByRole('status').filter({ hasText: 'certificates re-issued' })).toContainText(
		'2 certificates re-issued'
	);
});
