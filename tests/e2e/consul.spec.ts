import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, createIntermediate, downloadFrom, openApp, openCaTab, PASSPHRASE, recordRequests } from './support';

const CLUSTER_ID = '11111111-2222-3333-4444-555555555555';
const TD = `${CLUSTER_ID}.consul`;

function listZip(zipPath: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-consul-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	return { dir, files: execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort() };
}

test('Consul agent TLS: a name-constrained CA, server/client/cli bundle, CA key export, an intermediate with its chain', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);

	await page.locator('#ca-constraints').fill('consul, localhost');
	await createCa(page, 'Consul Agent CA', { years: 5 });
	await page.getByLabel('Target system').selectOption({ label: 'Consul agent TLS' });
	await page.getByLabel('Server node names (-node), one certificate each').fill('consul-server-0, consul-server-1');
	await page.getByRole('checkbox', { name: 'Issue a CLI certificate (consul tls cert create -cli)' }).check();
	const zip = await downloadFrom(page, 'Issue and download Consul agent TLS certificates');
	expect(basename(zip)).toBe('consul-certs-consul-agent-ca.zip');
	const { dir, files } = listZip(zip);
	const agentCaPem = readFileSync(join(dir, 'consul-agent-ca.pem'), 'utf8');
	try {
		expect(files).toEqual([
			'README.txt',
			'consul-agent-ca.pem',
			'dc1-cli-consul-0-key.pem',
			'dc1-cli-consul-0.pem',
			'dc1-client-consul-0-key.pem',
			'dc1-client-consul-0.hcl',
			'dc1-client-consul-0.pem',
			'dc1-server-consul-0-key.pem',
			'dc1-server-consul-0.hcl',
			'dc1-server-consul-0.pem',
			'dc1-server-consul-1-key.pem',
			'dc1-server-consul-1.hcl',
			'dc1-server-consul-1.pem',
			'kubernetes'
		]);
		expect(statSync(join(dir, 'dc1-server-consul-0-key.pem')).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'dc1-server-consul-0.pem')).mode & 0o777).toBe(0o644);
		expect(readFileSync(join(dir, 'dc1-server-consul-1.hcl'), 'utf8')).toContain('verify_server_hostname = true');
		const text = execFileSync('openssl', ['x509', '-in', join(dir, 'consul-agent-ca.pem'), '-noout', '-text'], {
			encoding: 'utf8'
		});
		expect(text).toMatch(/Name Constraints: critical\s+Permitted:\s+DNS:consul\s+DNS:localhost/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// The CA key leaves the vault only with the passphrase and the confirmation.
	await openCaTab(page, 'Consul Agent CA', 'Settings');
	const card = page.getByRole('article', { name: 'Consul Agent CA', exact: true });
	await card.getByText('Export the CA key of Consul Agent CA').click();
	await card.getByLabel('File name').fill('consul-agent-ca-key.pem');
	await card.getByLabel('Passphrase that opens Consul Agent CA for this export').fill(PASSPHRASE);
	await card.getByRole('button', { name: 'Export CA key' }).click();
	await expect(card.getByText('Tick the box to confirm')).toBeVisible();
	await card.getByRole('checkbox', { name: 'I understand that the exported key is not encrypted' }).check();
	const keyPath = await downloadFrom(page, 'Export CA key');
	expect(basename(keyPath)).toBe('consul-agent-ca-key.pem');
	expect(readFileSync(keyPath, 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);

	// An intermediate: listed under its parent; its bundle ships leaf + intermediate and the root as CA file.
	await openCaTab(page, 'Consul Agent CA', 'Issue');
	await createIntermediate(page, 'Consul Agent CA', 'Consul Agent Intermediate');
	await openCaTab(page, 'Consul Agent Intermediate', 'Issue');
	await page.getByLabel('Target system').selectOption({ label: 'Consul agent TLS' });
	await page.getByLabel('Server node names (-node), one certificate each').fill('consul-server-0');
	const interZip = await downloadFrom(page, 'Issue and download Consul agent TLS certificates');
	expect(basename(interZip)).toBe('consul-certs-consul-agent-intermediate.zip');
	const inter = listZip(interZip);
	try {
		expect(readFileSync(join(inter.dir, 'dc1-server-consul-0.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(
			2
		);
		expect(readFileSync(join(inter.dir, 'consul-agent-ca.pem'), 'utf8')).toBe(agentCaPem);
	} finally {
		rmSync(inter.dir, { recursive: true, force: true });
	}
	expect(requests).toEqual([]);
});

test('Consul Connect: a root with a trust domain, an intermediate, service leaves with the chain, roots and configuration documents', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);

	await page
		.getByRole('checkbox', { name: 'Consul Connect CA (service mesh root with a SPIFFE trust domain)' })
		.check();
	await page.getByLabel('Cluster id').fill(CLUSTER_ID);
	await createCa(page, 'Consul Connect CA');
	await expect(page.getByRole('article', { name: 'Consul Connect CA', exact: true })).toContainText(
		`trust domain ${TD}`
	);

	await createIntermediate(page, 'Consul Connect CA', 'Consul Connect CA Intermediate');
	await expect(page.getByRole('article', { name: 'Consul Connect CA Intermediate', exact: true })).toContainText(
		'path length 0'
	);
	await openCaTab(page, 'Consul Connect CA Intermediate', 'Issue');
	await page.getByLabel('Target system').selectOption({ label: 'Consul service mesh (Connect)' });
	await expect(page.locator('#consul-connect-days')).toHaveValue('3');
	await page.getByLabel('Service names, one certificate each').fill('web, api');
	const zip = await downloadFrom(page, 'Issue and download Consul service mesh (Connect) certificates');
	expect(basename(zip)).toBe('consul-connect-certs-consul-connect-ca-intermediate.zip');
	const { dir, files } = listZip(zip);
	try {
		expect(files).toEqual(['README.txt', 'api-key.pem', 'api.pem', 'connect-root-ca.pem', 'web-key.pem', 'web.pem']);
		const web = readFileSync(join(dir, 'web.pem'), 'utf8');
		expect(web.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
		const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: web, encoding: 'utf8' });
		expect(text).toContain(`URI:spiffe://${TD}/ns/default/dc/dc1/svc/web`);
		expect(text).toContain('X509v3 Subject Alternative Name: critical');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	await openCaTab(page, 'Consul Connect CA', 'Settings');
	const root = page.getByRole('article', { name: 'Consul Connect CA', exact: true });
	const rootsPath = await downloadFrom(page, 'Download Connect roots document');
	const roots = JSON.parse(readFileSync(rootsPath, 'utf8'));
	expect(roots.TrustDomain).toBe(TD);
	expect(roots.Roots[0].IntermediateCerts).toHaveLength(1);
	await root.getByText('Export the CA key of Consul Connect CA').click();
	await root.getByLabel('Passphrase that opens Consul Connect CA for this export').fill(PASSPHRASE);
	await root.getByRole('checkbox', { name: 'I understand that the exported key is not encrypted' }).check();
	const configPath = await downloadFrom(page, 'Download Connect CA configuration with the private key');
	const config = JSON.parse(readFileSync(configPath, 'utf8'));
	expect(config.Provider).toBe('consul');
	expect(config.Config.PrivateKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
	expect(config.Config).toMatchObject({ LeafCertTTL: '72h', IntermediateCertTTL: '8760h' });
	expect(requests).toEqual([]);
});
