import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, openApp } from './support';

/**
 * Bulk issuance over the pool: the page's worker and a helper frame in a process of its own
 * (worker/helper-frame.ts), each making the keys of its share. The frame's key generations are
 * counted inside it, so the test sees that the frame did its part, not only that a frame exists.
 */
test('a lab is issued by the page worker and the helper frame together, and every certificate verifies', async ({
	page
}) => {
	test.setTimeout(120_000);
	await openApp(page);
	const cores = await page.evaluate(() => Math.max(1, Math.min(8, navigator.hardwareConcurrency || 1)));
	test.skip(cores < 2, 'a pool needs two cores');
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(cores - 1);
	const frames = page.frames().filter((frame) => frame.url() === 'about:srcdoc');
	for (const frame of frames)
		await frame.evaluate(() => {
			const subtle = crypto.subtle;
			const generateKey = subtle.generateKey.bind(subtle);
			const counted = window as unknown as { keysMade: number };
			counted.keysMade = 0;
			subtle.generateKey = ((...args: Parameters<SubtleCrypto['generateKey']>) => {
				counted.keysMade++;
				return generateKey(...args);
			}) as SubtleCrypto['generateKey'];
		});

	await createCa(page, 'Pool CA');
	await page.getByLabel('Number of nodes').fill('120');
	const downloaded = page.waitForEvent('download', { timeout: 100_000 });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const zip = await (await downloaded).path();

	// 120 nodes and one client over the pool: about a fair share each (worker/pool.ts splitFolders).
	const made = await Promise.all(
		frames.map((frame) => frame.evaluate(() => (window as unknown as { keysMade: number }).keysMade))
	);
	for (const keys of made) expect(keys).toBeGreaterThanOrEqual(Math.floor(121 / cores) - 1);
	expect(made.reduce((a, b) => a + b, 0)).toBeLessThan(121);

	const dir = mkdtempSync(join(tmpdir(), 'pool-lab-'));
	try {
		execFileSync('unzip', ['-q', zip, '-d', dir]);
		const nodes = Array.from({ length: 120 }, (_, i) => join(dir, `node${i + 1}`, 'node.crt'));
		const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'node1', 'ca.crt'), ...nodes]).toString();
		expect(out.split('\n').filter((line) => line.endsWith(': OK'))).toHaveLength(120);
		// Every certificate has its own serial, across the workers that issued them.
		const serials = nodes.map((file) => execFileSync('openssl', ['x509', '-noout', '-serial', '-in', file]).toString());
		expect(new Set(serials).size).toBe(120);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
