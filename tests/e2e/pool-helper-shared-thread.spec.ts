import { expect, test } from '@playwright/test';
import { issueLabAndVerify, pkiWorkers, poolSize } from './pool-support';
import { openApp } from './support';

/**
 * Where the browser keeps sandboxed frames in the page's process, a helper frame would run on the
 * page's main thread: its probe fails (worker/helper-frame.ts), and a plain worker takes its place.
 * Chromium does this with IsolateSandboxedIframes off (as on Android; puppeteer's launch flags turn
 * it off too), so this file runs Debian's Chromium that way.
 */
test.use({
	launchOptions: {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-features=IsolateSandboxedIframes'
		]
	}
});

test('the helper frames fail their probe, plain workers take their place, and the lab issues', async ({ page }) => {
	test.setTimeout(120_000);
	await openApp(page);
	const size = await poolSize(page);
	test.skip(size < 2, 'a pool needs two cores');
	// The probes end with the frames removed and every helper a dedicated worker of the page.
	await pkiWorkers(page, size);
	await expect(page.locator('iframe')).toHaveCount(0);
	await issueLabAndVerify(page, 'Shared Thread CA');
});
