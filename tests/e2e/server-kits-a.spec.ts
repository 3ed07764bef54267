import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests } from './support';

/**
 * The nginx, HAProxy, Redis and Mosquitto kits, as a user gets them: a quick lab of 3 localhost nodes
 * and a single-server bundle each, with nothing typed but the system. Saved into $BUNDLES_DIR, where
 * tests/interop/kit-<id>.test.ts start the real servers from them.
 */
const KITS = [
	{ label: 'nginx', id: 'nginx', config: 'nginx.conf', secret: 'server.key' },
	{ label: 'HAProxy', id: 'haproxy', config: 'haproxy.cfg', secret: 'server.pem' },
	{ label: 'Redis', id: 'redis', config: 'redis.conf', secret: 'server.key' },
	{ label: 'Mosquitto MQTT', id: 'mosquitto', config: 'mosquitto.conf', secret: 'server.key' }
] as const;

function listing(zip: string): { files: string[]; mode: (path: string) => number; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-kit-'));
	execFileSync('unzip', ['-q', zip, '-d', dir]);
	const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir })
		.toString()
		.split('\n')
		.filter(Boolean)
		.map((f) => f.replace(/^\.\//, ''))
		.sort();
	return {
		files,
		mode: (path) => statSync(join(dir, path)).mode & 0o777,
		remove: () => rmSync(dir, { recursive: true, force: true })
	};
}

test('each server kit as a 3-node lab and as a single-server bundle, saved for interop', async ({ page }) => {
	test.setTimeout(240_000);
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'Kit CA');
	for (const kit of KITS) {
		await page.getByLabel('Lab system').selectOption({ label: kit.label });
		await expect(page.getByText('node3: localhost, 127.0.0.1')).toBeVisible();
		const labZip = await downloadFrom(page, 'Issue and download lab');
		expect(basename(labZip)).toBe(`${kit.id}-lab-3-nodes-kit-ca.zip`);
		const lab = listing(labZip);
		try {
			for (const node of ['node1', 'node2', 'node3']) {
				expect(lab.files).toContain(`${node}/${kit.config}`);
				expect(lab.mode(`${node}/${kit.secret}`)).toBe(0o600);
			}
			expect(lab.files).toContain('client-client/client.crt');
			expect(lab.mode(`start-${kit.id}.sh`)).toBe(0o755);
		} finally {
			lab.remove();
		}

		await page.getByLabel('Target system').selectOption({ label: kit.label });
		const bundleZip = await downloadFrom(page, `Issue and download ${kit.label} certificates`);
		expect(basename(bundleZip)).toBe(`${kit.id}-certs-kit-ca.zip`);
		const bundle = listing(bundleZip);
		try {
			expect(bundle.files).toEqual(
				[
					'README.txt',
					'ca.crt',
					'client.crt',
					'client.key',
					kit.config,
					`start-${kit.id}.sh`,
					...(kit.secret === 'server.pem' ? ['server.pem'] : ['server.crt', 'server.key'])
				].sort()
			);
			expect(bundle.mode(kit.secret)).toBe(0o600);
			expect(bundle.mode(`start-${kit.id}.sh`)).toBe(0o755);
		} finally {
			bundle.remove();
		}
	}
	expect(requests).toEqual([]);
});
