import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab, PASSPHRASE, recordRequests } from './support';

const OCSP = 'http://ocsp.lab.internal:8888';
const CRL = 'http://pki.lab.internal/node-ca.crl';

// The layouts of "Split node certificates" and "Split CA certificates" in
// https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca.
test('split CA and split node certificates, with OCSP and CRL locations, as CockroachDB lays them out', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);

	// The node CA publishes OCSP and CRL locations; a bad URL is refused next to its input first.
	const create = page.getByRole('form', { name: 'Create a CA' });
	await create.getByText('Revocation and AIA locations (optional)').click();
	await create.getByLabel('OCSP responder URL').fill('ocsp.lab.internal');
	await page.getByLabel('CA name').fill('Node CA');
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Passphrase again').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expect(page.locator('#ca-ocspUrl-error')).toContainText('is not an absolute URL');
	await create.getByLabel('OCSP responder URL').fill(OCSP);
	await create.getByLabel('CRL distribution point URL').fill(CRL);
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expect(page.getByRole('button', { name: 'Lock Node CA' })).toBeVisible({ timeout: 60_000 });

	await createCa(page, 'Client CA');
	await goToView(page, 'Authorities');
	await page.getByRole('button', { name: 'Issue from Node CA' }).click();

	await page.getByLabel('Node hosts', { exact: false }).fill('localhost 127.0.0.1');
	await page
		.getByRole('checkbox', { name: 'Issue client.node.crt / client.node.key (split node certificates)' })
		.check();
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await page.getByLabel('Client CA (split CA)', { exact: false }).selectOption({ label: 'Client CA' });
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(zip)).toBe('cockroachdb-certs-node-ca.zip');

	const dir = mkdtempSync(join(tmpdir(), 'e2e-split-'));
	try {
		execFileSync('unzip', ['-q', zip, '-d', dir]);
		const files = execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort();
		expect(files).toEqual([
			'README.txt',
			'ca-client.crt',
			'ca.crt',
			'client.node.crt',
			'client.node.key',
			'client.root.crt',
			'client.root.key',
			'kubernetes',
			'node.crt',
			'node.key'
		]);
		const issuer = (file: string) =>
			execFileSync('openssl', ['x509', '-in', join(dir, file), '-noout', '-issuer'])
				.toString()
				.trim();
		expect(issuer('node.crt')).toBe('issuer=CN = Node CA');
		expect(issuer('client.node.crt')).toBe('issuer=CN = Client CA');
		expect(issuer('client.root.crt')).toBe('issuer=CN = Client CA');
		expect(issuer('ca-client.crt')).toBe('issuer=CN = Client CA');
		const ext = execFileSync('openssl', [
			'x509',
			'-in',
			join(dir, 'node.crt'),
			'-noout',
			'-ext',
			'authorityInfoAccess,crlDistributionPoints'
		]).toString();
		expect(ext).toContain(`OCSP - URI:${OCSP}`);
		expect(ext).toContain(`URI:${CRL}`);
		// The client CA publishes nothing, so its certificates carry no locations.
		const clientExt = execFileSync('openssl', [
			'x509',
			'-in',
			join(dir, 'client.root.crt'),
			'-noout',
			'-text'
		]).toString();
		expect(clientExt).not.toContain('Authority Information Access');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// Renewing a client certificate of the split CA ships the same CA files: ca.crt the node CA, ca-client.crt the client CA.
	await openCaTab(page, 'Client CA', 'Certificates');
	const table = page.getByRole('table');
	await table.getByRole('button', { name: /^Renew client\.root\.crt/ }).click();
	const renewed = await downloadFrom(page, 'Renew and download client.root.crt');
	const renewedDir = mkdtempSync(join(tmpdir(), 'e2e-split-renew-'));
	try {
		execFileSync('unzip', ['-q', renewed, '-d', renewedDir]);
		expect(execFileSync('ls', [renewedDir]).toString().split('\n').filter(Boolean).sort()).toEqual([
			'README.txt',
			'ca-client.crt',
			'ca.crt',
			'client.root.crt',
			'client.root.key'
		]);
		const subject = (file: string) =>
			execFileSync('openssl', ['x509', '-in', join(renewedDir, file), '-noout', '-subject'])
				.toString()
				.trim();
		expect(subject('ca.crt')).toBe('subject=CN = Node CA');
		expect(subject('ca-client.crt')).toBe('subject=CN = Client CA');
		const verified = execFileSync('openssl', [
			'verify',
			'-purpose',
			'sslclient',
			'-CAfile',
			join(renewedDir, 'ca-client.crt'),
			join(renewedDir, 'client.root.crt')
		]).toString();
		expect(verified).toContain('client.root.crt: OK');
	} finally {
		rmSync(renewedDir, { recursive: true, force: true });
	}

	// Locations can be changed later on an unlocked CA; new certificates carry the new ones.
	await openCaTab(page, 'Node CA', 'Revocation and CRL');
	const nodeCard = page.getByRole('article', { name: 'Node CA' });
	await nodeCard.getByText('Revocation and AIA locations').click();
	await nodeCard.getByLabel('CRL distribution point URL').fill('gopher://x');
	await nodeCard.getByRole('button', { name: 'Save locations of Node CA' }).click();
	await expect(nodeCard.getByRole('alert')).toContainText('must start with http://, https:// or ldap://');
	await nodeCard.getByLabel('CRL distribution point URL').fill('http://pki.lab.internal/v2.crl');
	await nodeCard.getByRole('button', { name: 'Save locations of Node CA' }).click();
	await expect(nodeCard.getByRole('status')).toContainText('Saved');
	expect(requests).toEqual([]);
});
