import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, openCaTab, PASSPHRASE, recordRequests } from './support';

function unzipped(zipPath: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-zip-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	return dir;
}

test('create a CA, reload, unlock, issue node + client + ui and a lab, with no request after load', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);

	await createCa(page, 'E2E Root CA');

	// The node form asks for the real hosts: it starts empty, and loopback-only hosts get a warning
	// before anything is issued, which a real address clears.
	const nodeHosts = page.getByLabel('Node hosts', { exact: false });
	await expect(nodeHosts).toHaveValue('');
	const loopbackWarning = page.getByRole('note').filter({ hasText: "Only this machine's own names" });
	await nodeHosts.fill('localhost, 127.0.0.1 ::1');
	await expect(loopbackWarning).toContainText('other nodes dial this node by its address or name');
	await nodeHosts.fill('localhost, 127.0.0.1 ::1 10.0.0.5');
	await expect(loopbackWarning).toHaveCount(0);

	// A certs-dir with node, client.root and ui (a single-machine test, so loopback hosts on purpose).
	await nodeHosts.fill('localhost, 127.0.0.1 ::1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await page.getByRole('checkbox', { name: 'Issue ui.crt / ui.key' }).check();
	await page.getByLabel('Addresses people type to reach the DB Console').fill('localhost');
	const certsZip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(certsZip)).toBe('cockroachdb-certs-e2e-root-ca.zip');

	const dir = unzipped(certsZip);
	try {
		expect(execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort()).toEqual([
			'README.txt',
			'ca.crt',
			'client.root.crt',
			'client.root.key',
			'kubernetes',
			'node.crt',
			'node.key',
			'ui.crt',
			'ui.key'
		]);
		expect(statSync(join(dir, 'node.key')).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'node.crt')).mode & 0o777).toBe(0o644);
		expect(readFileSync(join(dir, 'node.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
		expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toMatch(/chmod 600/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// The inventory lists what was issued, with days left.
	await openCaTab(page, 'E2E Root CA', 'Certificates');
	const inventory = page.getByRole('table');
	// The header, the CA (the dashboard lists CAs too) and the three certificates.
	await expect(inventory.getByRole('row')).toHaveCount(5);
	await expect(inventory).toContainText('client.root.crt');
	await expect(inventory).toContainText('DNS:localhost, IP:127.0.0.1, IP:::1');

	// After a reload the CA is listed, locked; the inventory survives. The reload is a page load,
	// so what was recorded is checked first and recording starts again once the page is ready.
	expect(requests).toEqual([]);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'E2E Root CA' })).toBeVisible();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	requests.length = 0;
	await expect(page.getByText('Locked')).toBeVisible();
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(5);

	// A wrong passphrase says so plainly and changes nothing.
	await page.getByLabel('Passphrase for E2E Root CA').fill('not the passphrase');
	await page.getByRole('button', { name: 'Unlock E2E Root CA' }).click();
	await expect(page.getByRole('alert')).toContainText('That passphrase does not open this CA');
	await expect(page.getByText('Locked')).toBeVisible();

	await page.getByLabel('Passphrase for E2E Root CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock E2E Root CA' }).click();
	await expect(page.getByText(/Unlocked in \d+ ms/)).toBeVisible();

	// A three-node lab with a root client.
	await openCaTab(page, 'E2E Root CA', 'Issue');
	await page.getByLabel('Number of nodes').fill('3');
	await page.getByLabel('Hosts of each node').fill('node{i}.lab.internal, localhost, 127.0.0.1');
	const labZip = await downloadFrom(page, 'Issue and download lab');
	expect(basename(labZip)).toBe('cockroachdb-lab-3-nodes-e2e-root-ca.zip');
	const lab = unzipped(labZip);
	try {
		for (const folder of ['node1', 'node2', 'node3', 'client'])
			expect(statSync(join(lab, folder)).mode & 0o777).toBe(0o700);
		expect(statSync(join(lab, 'node2', 'node.key')).mode & 0o777).toBe(0o600);
		expect(statSync(join(lab, 'client', 'client.root.key')).mode & 0o777).toBe(0o600);
		const san = execFileSync('openssl', [
			'x509',
			'-in',
			join(lab, 'node2', 'node.crt'),
			'-noout',
			'-ext',
			'subjectAltName'
		]).toString();
		expect(san).toContain('DNS:node2.lab.internal');
	} finally {
		rmSync(lab, { recursive: true, force: true });
	}
	await openCaTab(page, 'E2E Root CA', 'Certificates');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(9);

	// Lock forgets the key: issuing is no longer offered.
	await openCaTab(page, 'E2E Root CA', 'Issue');
	await page.getByRole('button', { name: 'Lock E2E Root CA' }).click();
	await expect(page.getByText('Locked')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Issue and download CockroachDB certificates' })).toHaveCount(0);

	expect(requests).toEqual([]);
});

test('a second, unrelated CA issues its own certs-dir', async ({ page }) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Other CA');
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(zip)).toBe('cockroachdb-certs-other-ca.zip');
	expect(requests).toEqual([]);
});
