import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests } from './support';

/**
 * The NATS, MariaDB and RabbitMQ server kits, each as a quick lab and as a single-server bundle, saved
 * into $BUNDLES_DIR for tests/interop/kit-<id>.test.ts, which start the real servers from them.
 */
const KITS = [
	{ id: 'nats', label: 'NATS (client certificates)', nodes: 2, config: 'nats.conf', script: 'start-nats.sh' },
	{ id: 'mariadb', label: 'MariaDB (REQUIRE SUBJECT users)', nodes: 2, config: 'my.cnf', script: 'start-mariadb.sh' },
	{
		id: 'rabbitmq',
		label: 'RabbitMQ (AMQPS with client certificates)',
		nodes: 1,
		config: 'rabbitmq.conf',
		script: 'start-rabbitmq.sh'
	}
] as const;

function listed(zipPath: string): { dir: string; top: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-kit-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	return { dir, top: execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort() };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

test('NATS, MariaDB and RabbitMQ kits: a lab and a single-server bundle each, saved for interop', async ({ page }) => {
	test.setTimeout(180_000);
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Kits B CA');
	for (const kit of KITS) {
		await page.getByLabel('Lab system').selectOption({ label: kit.label });
		await page.getByLabel('Number of nodes').fill(String(kit.nodes));
		await page.locator('#lab-users').fill('alice, bob');
		await expect(page.getByText('Every host is on this machine')).toBeVisible();
		const labZip = await downloadFrom(page, 'Issue and download lab');
		expect(basename(labZip)).toBe(`${kit.id}-lab-${kit.nodes}-nodes-kits-b-ca.zip`);
		const lab = listed(labZip);
		try {
			expect(lab.top).toEqual(expect.arrayContaining(['README.txt', 'client-alice', 'client-bob', 'config', 'node1']));
			expect(modeOf(join(lab.dir, kit.script))).toBe(0o755);
			expect(modeOf(join(lab.dir, 'node1', 'server.key'))).toBe(0o600);
			expect(statSync(join(lab.dir, 'config', 'node1', kit.config)).isFile()).toBe(true);
			expect(execFileSync('bash', ['-n', join(lab.dir, kit.script)]).toString()).toBe('');
		} finally {
			rmSync(lab.dir, { recursive: true, force: true });
		}

		await page.getByLabel('Target system').selectOption({ label: kit.label });
		const bundleZip = await downloadFrom(page, `Issue and download ${kit.label} certificates`);
		expect(basename(bundleZip)).toBe(`${kit.id}-certs-kits-b-ca.zip`);
		const bundle = listed(bundleZip);
		try {
			expect(bundle.top).toEqual(
				[
					'README.txt',
					'ca.crt',
					'client.crt',
					'client.key',
					'server.crt',
					'server.key',
					kit.config,
					kit.script,
					...(kit.id === 'nats' ? ['nats-ping.py'] : [])
				].sort()
			);
			expect(modeOf(join(bundle.dir, 'server.key'))).toBe(0o600);
		} finally {
			rmSync(bundle.dir, { recursive: true, force: true });
		}
	}
	expect(requests).toEqual([]);
});
