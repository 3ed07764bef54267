import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { OpensslDir } from '../../src/lib/pki/lint/openssl-fixtures';
import { recordRequests } from './support';
import { pageLoaded } from './pool-support';

/** The inspector: drop files made by openssl and keytool, lint them, and explain handshakes. */

async function openInspector(page: Page): Promise<string[]> {
	await page.goto('/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect' }).click();
	await expect(page.getByRole('heading', { name: 'Drop or paste anything' })).toBeVisible();
	await pageLoaded(page);
	return recordRequests(page);
}

const BOTH = [
	'extendedKeyUsage=serverAuth,clientAuth',
	'keyUsage=critical,digitalSignature,keyEncipherment',
	'subjectAltName=DNS:localhost,IP:127.0.0.1'
];
let certs: OpensslDir;
test.beforeAll(() => {
	// A certs-dir made by openssl (RSA PKCS#1 keys) with a CN mistake: client.marc.crt says CN=bob.
	certs = new OpensslDir();
	certs.ca('certs/ca', 'Lab CA');
	certs.leaf('certs/node', { cn: 'node', ext: BOTH, key: 'rsa', ca: 'certs/ca' });
	certs.leaf('certs/client.marc', { cn: 'bob', ext: ['extendedKeyUsage=clientAuth'], key: 'rsa', ca: 'certs/ca' });
	certs.leaf('certs/client.root', { cn: 'root', ext: ['extendedKeyUsage=clientAuth'], ca: 'certs/ca' });
});
test.afterAll(() => certs.remove());

test('a certs-dir made by openssl with a CN mistake shows the CockroachDB lint', async ({ page }) => {
	const requests = await openInspector(page);
	await page.getByLabel('A certs-dir folder').setInputFiles(join(certs.root, 'certs'));
	await expect(page.getByRole('article', { name: /Certificate: certs\/client\.marc\.crt/ })).toContainText('CN=bob');
	await expect(page.getByRole('article', { name: /Private key: certs\/node\.key/ })).toContainText(
		'RSA 2048, stored as PKCS#1'
	);
	const lint = page.getByRole('region', { name: 'Lint against a target system' });
	await expect(lint.getByRole('status')).toContainText('CockroachDB: 1 rule broken');
	const broken = lint.getByRole('list', { name: 'Broken rules' });
	await expect(broken).toContainText('client.marc.crt has CN=bob');
	await expect(broken).toContainText('Fix: Issue client.marc.crt again with CN=marc');
	await expect(broken).toContainText('Source: CockroachDB docs');
	await expect(broken).not.toContainText('client.root.crt has');
	// The chain view trusts the dropped ca.crt.
	await expect(page.getByRole('heading', { name: 'certs/node.crt: trusted' })).toBeVisible();

	// The hosts the user types are checked against node.crt's SANs.
	await lint.getByLabel('Hosts clients dial (optional)').fill('10.0.0.5');
	await lint.getByLabel('Hosts clients dial (optional)').press('Enter');
	await lint.getByLabel('Hosts clients dial (optional)').blur();
	await expect(broken).toContainText('no SAN matches host 10.0.0.5');

	// Another target: Elasticsearch transport refuses the clientAuth-only client certificates.
	await lint.getByLabel('Target system').selectOption({ label: 'Elasticsearch transport (node to node)' });
	await expect(broken).toContainText("client.marc.crt's extended key usage lists only clientAuth");
	expect(requests).toEqual([]);
});

test('a zip keeps Unix modes: a group-readable node.key is refused', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-zip-'));
	try {
		execFileSync('cp', ['-r', join(certs.root, 'certs'), dir]);
		chmodSync(join(dir, 'certs/node.key'), 0o640);
		execFileSync('zip', ['-qr', 'certs.zip', 'certs'], { cwd: dir });
		const requests = await openInspector(page);
		await page.getByLabel('Certificate files').setInputFiles(join(dir, 'certs.zip'));
		await expect(page.getByRole('list', { name: 'Broken rules' })).toContainText(
			'node.key has mode 0640 (-rw-r-----): readable by its group. CockroachDB refuses it unless root owns the file'
		);
		expect(requests).toEqual([]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a PKCS#12 made by keytool opens after its password is given', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-p12-'));
	try {
		const p12 = join(dir, 'web.p12');
		execFileSync(
			'keytool',
			[
				'-genkeypair',
				'-storetype',
				'PKCS12',
				'-keystore',
				p12,
				'-storepass',
				'keytool-secret',
				'-alias',
				'web',
				'-dname',
				'CN=web.example.com',
				'-keyalg',
				'RSA',
				'-keysize',
				'2048',
				'-validity',
				'30',
				'-ext',
				'san=dns:web.example.com'
			],
			{ stdio: 'ignore' }
		);
		const requests = await openInspector(page);
		await page.getByLabel('Certificate files').setInputFiles(p12);
		await expect(page.getByRole('heading', { name: 'A password is needed' })).toBeVisible();
		await page.getByLabel('Password for the protected file').fill('wrong password');
		await page.getByRole('button', { name: 'Open with this password' }).click();
		await expect(page.getByRole('heading', { name: 'That password did not open it' })).toBeVisible();
		await page.getByLabel('Password for the protected file').fill('keytool-secret');
		await page.getByRole('button', { name: 'Open with this password' }).click();
		const cert = page.getByRole('article', { name: /Certificate: web\.p12/ });
		await expect(cert).toContainText('CN=web.example.com');
		await expect(cert).toContainText('web.example.com');
		await expect(page.getByRole('article', { name: /Private key: web\.p12/ })).toContainText('RSA 2048');
		await expect(page.getByRole('heading', { name: 'A password is needed' })).toHaveCount(0);
		expect(requests).toEqual([]);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('bad input gets a message per item and the page stays usable', async ({ page }) => {
	const requests = await openInspector(page);
	await page.getByLabel('Certificate files').setInputFiles([
		{
			name: 'garbage.bin',
			mimeType: 'application/octet-stream',
			buffer: Buffer.from('this is not a certificate at all')
		},
		{ name: 'cut.pem', mimeType: 'text/plain', buffer: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n') }
	]);
	const problems = page.getByRole('region', { name: 'Could not be read' });
	await expect(problems).toContainText('garbage.bin');
	await expect(problems).toContainText('cut.pem');
	await page
		.getByLabel('Or paste PEM text')
		.fill('-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n');
	await page.getByRole('button', { name: 'Inspect pasted text' }).click();
	await expect(problems).toContainText('pasted text 1');
	expect(requests).toEqual([]);
});

/** Which step each fault breaks; the reason shown is the verifier's, matched loosely on the fact it names. */
const FAULTS: { label: string; step?: string; reason?: RegExp }[] = [
	{ label: 'No fault (a good pair)' },
	{ label: 'Server certificate expired', step: 'client-checks-server', reason: /expired/ },
	{ label: 'Client certificate not yet valid', step: 'server-checks-client', reason: /not valid yet/ },
	{ label: 'Server certificate from another CA', step: 'client-checks-server', reason: /Some Other CA/ },
	{
		label: 'Server certificate lacks the host in its SANs',
		step: 'client-checks-server',
		reason: /no SAN matches host 10\.0\.0\.5/
	},
	{
		label: 'Client certificate with serverAuth only',
		step: 'server-checks-client',
		reason: /not allowed to be used as a TLS client/
	},
	{ label: 'Client certificate with another CN', step: 'server-maps-identity', reason: /CN=bob.*"marc"/ },
	{ label: 'Client certificate revoked', step: 'server-checks-client', reason: /revoked/ }
];

test('the handshake explainer passes a good pair and fails each fault at its step', async ({ page }) => {
	const requests = await openInspector(page);
	const hs = page.getByRole('region', { name: 'Handshake explainer' });
	for (const f of FAULTS) {
		await hs.getByLabel(f.label).check();
		// "No fault" is the switch's starting position, so checking it changes nothing: explain explicitly.
		if (!f.step) await hs.getByRole('button', { name: 'Explain the handshake' }).click();
		const steps = hs.getByRole('list', { name: 'Handshake steps' });
		if (!f.step) {
			await expect(hs.getByRole('status')).toHaveText('The handshake succeeds: both sides accept each other.');
			await expect(steps.locator('li[data-step]')).toHaveCount(8);
			await expect(steps).not.toContainText('FAILS');
			await expect(hs.getByRole('img')).toHaveAttribute(
				'aria-label',
				/anchored at the client's trusted ca\.crt.*anchored at the server's trusted ca\.crt/
			);
		} else {
			const failing = steps.locator(`li[data-step="${f.step}"]`);
			await expect(failing).toContainText('FAILS');
			await expect(failing.locator('p')).toHaveText(f.reason!);
			await expect(hs.getByRole('status')).toContainText('The handshake fails at');
			await expect(steps.locator('li[data-step]').filter({ hasText: /: FAILS/ })).toHaveCount(1);
		}
	}
	// The guided lesson switches the same faults.
	await hs.getByRole('button', { name: 'Next lesson step' }).click();
	// The lesson names its source as a reader can find it.
	const lesson = hs.getByRole('region', { name: /Guided lesson/ });
	await expect(lesson).toContainText('(CockroachDB\'s TLS overview, "Who certifies the certificate?")');
	await expect(lesson).not.toContainText(/seed \d/);
	await hs.getByRole('button', { name: 'Try it: Server certificate from another CA' }).click();
	await expect(hs.locator('li[data-step="client-checks-server"]')).toContainText('FAILS');
	expect(requests).toEqual([]);
});

test('the explainer runs on two dropped certificates', async ({ page }) => {
	const requests = await openInspector(page);
	await page.getByLabel('A certs-dir folder').setInputFiles(join(certs.root, 'certs'));
	await expect(page.getByRole('article', { name: /certs\/node\.crt/ })).toBeVisible();
	const hs = page.getByRole('region', { name: 'Handshake explainer' });
	await hs.getByLabel('Dropped certificates').check();
	await hs.getByLabel('Host the client dials').fill('127.0.0.1');
	await hs.getByLabel('Server certificate').selectOption({ label: 'certs/node.crt' });
	await hs.getByLabel('Client certificate').selectOption({ label: 'certs/client.marc.crt' });
	await hs.getByRole('button', { name: 'Explain the handshake' }).click();
	await expect(hs.locator('li[data-step="client-checks-server"]')).toContainText('passes');
	await expect(hs.locator('li[data-step="server-checks-client"]')).toContainText('passes');
	// client.marc.crt has CN=bob: the server would log it in as bob, not marc.
	await expect(hs.locator('li[data-step="server-maps-identity"]')).toContainText('FAILS');
	expect(requests).toEqual([]);
});

test('the single offline file reaches the inspector through the hash router and runs a lab', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	const seen: string[] = [];
	page.context().on('request', (r) => {
		if (!/^(blob|data|file):/.test(r.url())) seen.push(r.url());
	});
	await page.goto(pathToFileURL(resolve('build/offline-ca.html')).href);
	await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
	const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect' });
	await expect(link).toHaveAttribute('href', /#\/inspect$/);
	await link.click();
	const hs = page.getByRole('region', { name: 'Handshake explainer' });
	await hs.getByLabel('Client certificate revoked').check();
	await expect(hs.locator('li[data-step="server-checks-client"]')).toContainText('FAILS');
	await expect(hs.locator('li[data-step="server-checks-client"] p')).toContainText('revoked');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Authorities' }).click();
	await expect(page.getByRole('heading', { name: 'Your CAs' })).toBeVisible();
	expect(errors).toEqual([]);
	expect(seen).toEqual([]);
});
