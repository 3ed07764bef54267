import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests, saveDownload } from './support';

/** Each system the lab offers, the users typed (none: the defaults), and files node2 must hold. */
const SYSTEMS = [
	{ label: 'CockroachDB', id: 'cockroachdb', node: ['ca.crt', 'node.crt', 'node.key'], script: 'start-cockroach.sh' },
	{
		label: 'Elasticsearch',
		id: 'elasticsearch',
		node: ['http.crt', 'node2.crt', 'node2.key', 'http.key', 'sample-elasticsearch.yml'],
		script: 'start-elasticsearch.sh'
	},
	{
		label: 'Consul agent TLS',
		id: 'consul',
		node: ['dc1-server-consul-0.pem', 'dc1-server-consul-0.hcl', 'dc1-server-consul-0-key.pem'],
		script: 'start-consul.sh'
	},
	{ label: 'etcd', id: 'etcd', node: ['ca.crt', 'member.crt', 'member.key'], script: 'start-etcd.sh' },
	{
		label: 'PostgreSQL (client certificates)',
		id: 'postgresql',
		users: 'alice, bob',
		node: ['root.crt', 'server.crt', 'server.key'],
		script: 'start-postgres.sh'
	},
	{
		label: 'Generic mutual TLS (server + client)',
		id: 'mtls',
		node: ['ca.crt', 'server.crt', 'server.key'],
		script: 'start-servers.sh'
	}
] as const;

function unzipped(zipPath: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-lab-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	return dir;
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

async function pickSystem(page: Page, label: string): Promise<void> {
	await page.getByLabel('Lab system').selectOption({ label });
}

test('a 3-node localhost lab of every system with no typing but the system, saved for interop', async ({ page }) => {
	test.setTimeout(180_000);
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Lab CA');
	for (const system of SYSTEMS) {
		await pickSystem(page, system.label);
		await expect(page.getByLabel('Number of nodes')).toHaveValue('3');
		if ('users' in system) await page.locator('#lab-users').fill(system.users);
		// The expanded hosts are shown before issuing.
		await expect(page.getByText('node3: localhost, 127.0.0.1')).toBeVisible();
		await expect(page.getByText('Every host is on this machine')).toBeVisible();
		const zip = await downloadFrom(page, 'Issue and download lab');
		expect(basename(zip)).toBe(`${system.id}-lab-3-nodes-lab-ca.zip`);
		const dir = unzipped(zip);
		try {
			const node2 = execFileSync('ls', [join(dir, 'node2')])
				.toString()
				.split('\n')
				.filter(Boolean)
				.sort();
			expect(node2).toEqual([...system.node].sort());
			expect(modeOf(join(dir, 'node2'))).toBe(0o700);
			expect(modeOf(join(dir, 'node2', system.node[2]))).toBe(0o600);
			expect(modeOf(join(dir, 'node2', system.node[1]))).toBe(0o644);
			expect(modeOf(join(dir, system.script))).toBe(0o755);
			expect(execFileSync('bash', ['-n', join(dir, system.script)]).toString()).toBe('');
			// The CA certificate ships, its key never does: only the leaves' key files (.key, or consul's
			// -key.pem) and the Kubernetes Secrets made of them (0600, saying so on their first line) hold a private key.
			const withKeys = execFileSync('grep', ['-rl', 'PRIVATE KEY', dir]).toString().split('\n').filter(Boolean);
			expect(withKeys.length).toBeGreaterThanOrEqual(4);
			expect(withKeys.filter((path) => !/(\.key|-key\.pem|\/kubernetes\/[a-z]+-secrets\.yaml)$/.test(path))).toEqual(
				[]
			);
			for (const secrets of withKeys.filter((path) => path.endsWith('-secrets.yaml')))
				expect(modeOf(secrets)).toBe(0o600);
			expect(readFileSync(join(dir, 'node1', system.node[0]), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
			expect(JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))).toMatchObject({
				format: 'offline-ca-lab',
				system: system.id,
				nodes: 3
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
	expect(requests).toEqual([]);
});

test('a pattern expands before issuing, a lab is saved, re-opened and renewed in one step, and a bad file is refused', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Renew CA');
	await pickSystem(page, 'etcd');
	await page.getByLabel('Hosts of each node').fill('node{1..5}.lab.internal, 10.20.0.{11..15}');
	await expect(page.getByText('gives 5 values, but the lab has 3 nodes')).toBeVisible();
	await page.getByLabel('Number of nodes').fill('5');
	await expect(page.getByText('node4: node4.lab.internal, 10.20.0.14')).toBeVisible();
	await expect(page.getByText('Nodes on several machines')).toBeVisible();
	await page.locator('#lab-days').fill('30');

	const saved = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save lab definition' }).click();
	const definition = await saveDownload(await saved);
	expect(basename(definition)).toBe('etcd-lab-5-nodes.json');

	// A fresh page: the form is back to its defaults until the file is opened.
	await page.reload();
	await expect(page.getByText('Locked')).toBeVisible();
	await page.getByLabel('Passphrase for Renew CA').fill('correct horse battery staple');
	await page.getByRole('button', { name: 'Unlock Renew CA' }).click();

	const broken = join(mkdtempSync(join(tmpdir(), 'e2e-lab-file-')), 'broken.json');
	writeFileSync(broken, '{"format": "something else"}');
	await page.getByLabel('Open a lab definition').setInputFiles(broken);
	await expect(page.locator('#lab-file-error')).toContainText(
		'broken.json: This is not a lab definition this app can open: its "format" is not "offline-ca-lab"'
	);

	await page.getByLabel('Open a lab definition').setInputFiles(definition);
	await expect(page.getByLabel('Lab system')).toHaveValue('etcd');
	await expect(page.getByLabel('Number of nodes')).toHaveValue('5');
	await expect(page.locator('#lab-file-error')).toHaveCount(0);
	await page.locator('#lab-days').fill('60');
	const renewed = await downloadFrom(page, 'Renew this lab');
	expect(basename(renewed)).toBe('etcd-lab-5-nodes-renew-ca.zip');
	const dir = unzipped(renewed);
	try {
		const san = execFileSync('openssl', [
			'x509',
			'-in',
			join(dir, 'node4', 'member.crt'),
			'-noout',
			'-ext',
			'subjectAltName',
			'-enddate'
		]).toString();
		expect(san).toContain('DNS:node1.lab.internal');
		expect(san).toContain('IP Address:10.20.0.15');
		const notAfter = new Date(/notAfter=(.*)/.exec(san)?.[1] ?? '');
		expect(Math.round((notAfter.getTime() - Date.now()) / 86_400_000)).toBe(60);
		expect(JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))).toMatchObject({
			hosts: 'node{1..5}.lab.internal, 10.20.0.{11..15}',
			days: 60
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
