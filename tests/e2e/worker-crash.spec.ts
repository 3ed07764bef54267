import { expect, test } from '@playwright/test';
import { issueLabAgain, openCaTab, startBusyRsaLab } from './support';

test('a worker that dies mid-issuance fails the form with a plain message, records nothing, and the next lab issues', async ({
	page
}) => {
	test.setTimeout(180_000);
	// A 400-node RSA lab keeps the workers busy in key generation for tens of seconds.
	const busy = await startBusyRsaLab(page, 'Crash CA');

	// An uncaught exception in a worker's own thread: the browser fires 'error' on the page's Worker.
	// The page's dedicated workers are the PKI workers (from blob: URLs: vite.config.ts): its own and,
	// on more than two cores, plain helpers; the pool's helper frame is helper-frame-crash.spec.ts's.
	// A 400-node lab is spread over the pool, so each of them is busy with it.
	const pkiWorkers = () => page.workers();
	const [worker] = pkiWorkers();
	const poolSize = pkiWorkers().length;
	expect(worker, 'the PKI worker is running').toBeDefined();
	expect(await worker!.evaluate(() => self.name)).toBe('pki');
	await worker!.evaluate(() => {
		setTimeout(() => {
			throw new Error('boom');
		});
	});

	const formError = page.locator('#lab-form-error');
	await expect(formError).toContainText("The app's background worker, which does the cryptography, stopped");
	await expect(formError).toContainText('boom');
	await expect(formError).toContainText(
		'so this request was not carried out. Try again: the next action starts a fresh worker.'
	);

	// The next action runs in a fresh worker: a small lab issues and is recorded.
	await issueLabAgain(page, busy, 3);
	await expect(page.getByText('Nothing issued yet.')).toHaveCount(0);
	await openCaTab(page, 'Crash CA', 'Certificates');
	await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'cockroachdb node' })).toHaveCount(3);
	// The dead worker was terminated; a fresh one runs the work now (a pool's helper comes back when
	// a batch is big enough to need it).
	await expect.poll(() => pkiWorkers().includes(worker!)).toBe(false);
	expect(pkiWorkers().length).toBeGreaterThanOrEqual(1);
	expect(pkiWorkers().length).toBeLessThanOrEqual(poolSize);
});
