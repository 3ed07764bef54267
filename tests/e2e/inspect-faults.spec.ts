import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CRDB_FAULTS, crdbCertsDir, type CrdbFault } from '../../src/lib/pki/inspect/crdb-fault-fixtures';
import type { OpensslDir } from '../../src/lib/pki/lint/openssl-fixtures';
import { recordRequests } from './support';

/**
 * A new user's test: CockroachDB certs-dirs made with openssl, one classic fault each, dropped as a
 * plain folder on Inspect. The app must name each fault by itself, and pass the healthy folder.
 */
const dirs = new Map<CrdbFault, OpensslDir>();
test.beforeAll(() => {
	for (const f of CRDB_FAULTS) dirs.set(f, crdbCertsDir(f));
});
test.afterAll(() => dirs.forEach((d) => d.remove()));

async function dropFolder(page: Page, fault: CrdbFault): Promise<string[]> {
	await page.goto('/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect' }).click();
	await expect(page.getByRole('heading', { name: 'Drop or paste anything' })).toBeVisible();
	// The page's own worker script is part of loading the page; from here on nothing may be fetched.
	await page.waitForLoadState('networkidle');
	const requests = recordRequests(page);
	await page.getByLabel('A certs-dir folder').setInputFiles(join(dirs.get(fault)!.root, 'certs'));
	await expect(page.getByRole('article', { name: /certs\/node\.crt/ })).toBeVisible();
	return requests;
}
const explainer = (page: Page) => page.getByRole('region', { name: 'Handshake explainer' });
const step = (page: Page, id: string) => explainer(page).locator(`li[data-step="${id}"]`);

test('healthy folder: every check passes and the explainer says the handshake succeeds', async ({ page }) => {
	const requests = await dropFolder(page, 'healthy');
	await expect(page.getByRole('status', { name: 'Summary' })).toContainText('no problems found');
	await expect(page.getByRole('heading', { name: /^certs\/node\.crt: trusted/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: /^certs\/client\.root\.crt: trusted/ })).toBeVisible();
	const hs = explainer(page);
	// The defaults come from the drop: node.crt serves, client.root.crt is the client, a host node.crt lists.
	await expect(hs.getByLabel('Host the client dials')).toHaveValue('node1.example.com');
	await expect(hs.getByLabel('User the client logs in as (CN)')).toHaveValue('root');
	await expect(hs.getByRole('status')).toHaveText('The handshake succeeds: both sides accept each other.');
	await expect(hs.getByRole('list', { name: 'Handshake steps' })).not.toContainText('FAILS');
	await expect(step(page, 'server-proves-key')).toContainText('the key belongs to the certificate');
	// The fault switches work on the dropped files too.
	await hs.getByLabel('Break it safely').selectOption({ label: 'Server certificate expired' });
	await expect(step(page, 'client-checks-server')).toContainText('FAILS');
	await expect(hs).toContainText('Experiment on your files: certs/node.crt was copied');
	expect(requests).toEqual([]);
});

test('node certificate expired: said as a time problem, with its date', async ({ page }) => {
	await dropFolder(page, 'node-expired');
	await expect(
		page.getByRole('heading', {
			name: /^certs\/node\.crt: expired on 2021-01-01 \([\d,]+ days ago\); its chain reaches the trusted/
		})
	).toBeVisible();
	await expect(page.getByRole('heading', { name: /certs\/node\.crt: not trusted/ })).toHaveCount(0);
	await expect(step(page, 'client-checks-server')).toContainText('FAILS');
	await expect(step(page, 'client-checks-server')).toContainText('node.crt expired on 2021-01-01');
	await expect(page.getByRole('status', { name: 'Summary' })).toContainText('problems in');
});

test('client certificate from another CA: a trust problem, found by the server', async ({ page }) => {
	await dropFolder(page, 'client-other-ca');
	await expect(
		page.getByRole('heading', { name: 'certs/client.root.crt: not trusted: its issuer is missing' })
	).toBeVisible();
	await expect(step(page, 'server-checks-client')).toContainText('FAILS');
	await expect(step(page, 'server-checks-client')).toContainText('Some Other CA');
	// A pasted error message is explained and its cause found in the dropped files.
	await page.getByLabel(/Paste the error a program printed/).fill('x509: certificate signed by unknown authority');
	const causes = page.getByRole('list', { name: 'Likely causes' }).first();
	await expect(causes.locator('li.found').first()).toContainText('issued by another CA');
	await expect(page.getByRole('list', { name: 'Recognised messages' })).toContainText('src/crypto/x509/verify.go');
});

test('node certificate without the address other nodes dial: loopback-only is flagged', async ({ page }) => {
	await dropFolder(page, 'node-loopback-only');
	await expect(page.getByRole('list', { name: 'More findings' })).toContainText(
		'node.crt names only this machine (localhost, 127.0.0.1): other nodes dial this node by its address or name'
	);
	await expect(explainer(page)).toContainText('Warning: certs/node.crt names only this machine');
	await expect(page.getByRole('status', { name: 'Summary' })).toContainText('warnings for 1 more file');
});

test('node certificate without clientAuth: named by the CockroachDB rules and by the explainer', async ({ page }) => {
	await dropFolder(page, 'node-no-client-auth');
	await expect(page.getByRole('list', { name: 'Broken rules' })).toContainText(
		"node.crt's extended key usage lists only serverAuth; it lacks clientAuth"
	);
	// The SQL client is fine; the node fails when it dials the other nodes with the same certificate.
	await expect(step(page, 'peer-checks-server-as-client')).toContainText('FAILS');
	await expect(step(page, 'peer-checks-server-as-client')).toContainText(
		'other nodes check certs/node.crt for clientAuth'
	);
	await expect(explainer(page).getByRole('status')).not.toContainText('The handshake succeeds');
	await expect(page.getByRole('status', { name: 'Summary' })).toContainText('problems in 1 file');
});

test('client.<user>.crt whose CN is another user: the server maps it to that user', async ({ page }) => {
	await dropFolder(page, 'client-cn-other-user');
	await expect(explainer(page).getByLabel('User the client logs in as (CN)')).toHaveValue('maxroach');
	await expect(step(page, 'server-maps-identity')).toContainText('FAILS');
	await expect(step(page, 'server-maps-identity')).toContainText(
		'has CN=root, but the connection asks to log in as "maxroach"'
	);
	await expect(page.getByRole('list', { name: 'Broken rules' })).toContainText('client.maxroach.crt has CN=root');
});

test('node.key readable by group and world: the page says how to check, then checks a pasted ls -l and a tar', async ({
	page
}) => {
	await dropFolder(page, 'node-key-world-readable');
	const modes = page.getByRole('region', { name: 'Key file modes' });
	await expect(modes.getByRole('list', { name: 'Key files and their modes' })).toContainText(
		'certs/node.key: mode not known: a browser cannot see file modes in a dropped folder'
	);
	await expect(modes).toContainText("stat -c '%a %U:%G %n' *");
	await expect(modes).toContainText('pkg/security/certificate_loader.go');
	await expect(page.getByRole('article', { name: /Private key: certs\/node\.key/ })).toContainText(
		'File mode: not visible in a dropped folder'
	);
	await expect(page.getByText(/NOT CHECKED: Private keys must not be readable by group or others/)).toBeAttached();
	const ls = execFileSync('ls', ['-l'], { cwd: join(dirs.get('node-key-world-readable')!.root, 'certs') }).toString();
	await modes.getByLabel(/Paste ls -l or stat output/).fill(ls);
	await modes.getByRole('button', { name: 'Check these modes' }).click();
	await expect(modes.getByRole('list', { name: 'Key files and their modes' })).toContainText(
		'node.key: ✗ mode 0644 (-rw-r--r--): readable by its group and every user; CockroachDB refuses it'
	);
	await expect(page.getByRole('list', { name: 'More findings' })).toContainText('node.key has mode 0644');

	const tarDir = mkdtempSync(join(tmpdir(), 'e2e-tar-'));
	try {
		execFileSync('tar', ['-cf', join(tarDir, 'certs.tar'), 'certs'], {
			cwd: dirs.get('node-key-world-readable')!.root
		});
		await page.getByRole('button', { name: 'Clear' }).click();
		await page.getByLabel('Certificate files').setInputFiles(join(tarDir, 'certs.tar'));
		await expect(page.getByRole('list', { name: 'Key files and their modes' })).toContainText(
			'certs.tar › certs/node.key: ✗ mode 0644'
		);
	} finally {
		rmSync(tarDir, { recursive: true, force: true });
	}
});

test('node.key that does not belong to node.crt: the handshake fails where the server signs', async ({ page }) => {
	await dropFolder(page, 'node-key-not-its-own');
	await expect(explainer(page).getByRole('status')).toHaveText(
		'The handshake fails at: The server proves it holds the key of certs/node.crt (CertificateVerify).'
	);
	await expect(step(page, 'server-proves-key')).toContainText('node.key does not belong to certs/node.crt');
	await expect(page.getByRole('list', { name: 'Chain picture as text' })).toContainText(
		'broken: node.key does not belong to node.crt'
	);
});

test("the app's own README.txt in a zip is described, not counted as a problem", async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-readme-'));
	try {
		execFileSync('cp', ['-r', join(dirs.get('healthy')!.root, 'certs'), dir]);
		writeFileSync(join(dir, 'certs/README.txt'), 'Start each node with --certs-dir=certs.\n');
		execFileSync('zip', ['-qr', 'certs.zip', 'certs'], { cwd: dir });
		await page.goto('/');
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect' }).click();
		await page.getByLabel('Certificate files').setInputFiles(join(dir, 'certs.zip'));
		await expect(page.getByRole('region', { name: /Other files/ })).toContainText('certs.zip › certs/README.txt');
		await expect(page.getByRole('status', { name: 'Summary' })).toContainText(
			'1 companion file described (not counted as problems); no problems found'
		);
		await expect(page.getByRole('region', { name: 'Could not be read' })).toHaveCount(0);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
