import { expect, test } from '@playwright/test';
import { helperFrameCount, poolSize } from './pool-support';
import { issueLabAgain, openCaTab, startBusyRsaLab } from './support';

test('a helper frame that stops answering mid-issuance fails the form with a plain message, records nothing, and the next lab issues', async ({
	page
}) => {
	test.setTimeout(180_000);
	// A 400-node RSA lab keeps the pool busy in key generation for tens of seconds; the helper frame,
	// a process of its own (worker/helper-frame.ts), makes half of the keys.
	const busy = await startBusyRsaLab(page, 'Frame Crash CA');
	test.skip(helperFrameCount(await poolSize(page)) === 0, 'a pool needs two cores');
	const frame = page.frames().find((f) => f.url() === 'about:srcdoc');
	expect(frame, 'the helper frame is running').toBeDefined();

	// A frame whose process hangs or dies sends nothing more, and nothing tells the page (Chromium fires
	// no MessagePort "close" for it). Here its thread is kept busy for good; the page notices that the
	// frame no longer answers its pings. (Page.crash on the frame's target would do, but Playwright then
	// reports the whole page as crashed.)
	void frame!
		.evaluate(() => {
			for (;;);
		})
		.catch(() => {});

	const formError = page.locator('#lab-form-error');
	await expect(formError).toContainText(
		"The app's background worker, which does the cryptography, stopped (its frame stopped answering)",
		{ timeout: 30_000 }
	);
	await expect(formError).toContainText('Try again: the next action starts a fresh worker.');

	// The next lab runs: a fresh helper frame if Chromium gives it a new process, else, once that frame
	// does not start, a plain worker (worker/helper-frame.ts).
	await issueLabAgain(page, busy, 80);
	expect(frame!.isDetached()).toBe(true);
	await openCaTab(page, 'Frame Crash CA', 'Certificates');
	// 80 nodes and the client, and nothing of the lab that failed.
	await expect(page.getByText('Page 1 of 2 (81 certificates)')).toBeVisible();
});
