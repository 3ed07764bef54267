import { expect, test } from '@playwright/test';
import { countKeysInFrames, issueLabAndVerify, POOL_LAB_NODES, poolSize } from './pool-support';
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
	await expect(page.locator('iframe[data-helper="own-thread"]')).toHaveCount(1);
	const keysMade = await countKeysInFrames(page);
	await issueLabAndVerify(page, 'Pool CA');
	// The nodes and one client: the frame, a process of its own, takes half of them, as much as the
	// page's workers together (worker/pool.ts shareWeights, splitFolders cuts at folder borders).
	const [keys] = await keysMade();
	expect(keys).toBeGreaterThanOrEqual(POOL_LAB_NODES / 2);
	expect(keys).toBeLessThanOrEqual(POOL_LAB_NODES / 2 + 1);
});
