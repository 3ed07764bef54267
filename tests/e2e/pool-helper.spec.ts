import { expect, test } from '@playwright/test';
import { countKeysInFrames, issueLabAndVerify, poolSize } from './pool-support';
import { openApp } from './support';

/**
 * Bulk issuance over the pool (worker/pool.ts): the page's worker and, for each further core, a helper
 * frame in a process of its own (worker/helper-frame.ts), each making the keys of its share. Where the
 * browser keeps sandboxed frames in the page's process, the frames fail their probe and plain workers
 * take their place (pool-helper-shared-thread.spec.ts).
 */

test('a lab is issued by the page worker and the helper frame together, and every certificate verifies', async ({
	page
}) => {
	test.setTimeout(120_000);
	await openApp(page);
	const size = await poolSize(page);
	test.skip(size < 2, 'a pool needs two cores');
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(size - 1);
	const keysMade = await countKeysInFrames(page);
	await issueLabAndVerify(page, 'Pool CA');
	// 120 nodes and one client over the pool: about a fair share each (worker/pool.ts splitFolders).
	const made = await keysMade();
	expect(made).toHaveLength(size - 1);
	for (const keys of made) expect(keys).toBeGreaterThanOrEqual(Math.floor(121 / size) - 1);
	expect(made.reduce((a, b) => a + b, 0)).toBeLessThan(121);
});
