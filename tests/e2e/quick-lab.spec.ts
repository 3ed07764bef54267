import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { pageLoaded } from './pool-support';
import { goToView, PASSPHRASE, recordProblems, recordRequests } from './support';

/**
 * The quick lab from a first visit: no CA to create, no passphrase. Each click, choice or typed field
 * counts as one action; opening the app does not.
 */
test('a first visit gets its first lab zip within 5 actions, signed by a throwaway CA it can keep', async ({
	page
}) => {
	const problems = await recordProblems(page);
	const started = Date.now();
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
	await pageLoaded(page);
	const requests = recordRequests(page);
	let actions = 0;
	const act = async (step: () => Promise<unknown>) => {
		actions++;
		await step();
	};

	await act(() => page.getByRole('link', { name: 'Make a lab' }).click());
	await act(() => page.getByLabel('Lab system').selectOption({ label: 'CockroachDB' }));
	await act(() => page.getByLabel('Number of nodes').fill('3'));
	await act(() => page.getByLabel(/^Hosts of each node/).fill('node{1..3}.lab.internal, 127.0.0.1'));
	const download = page.waitForEvent('download');
	await act(() => page.getByRole('button', { name: 'Issue and download lab' }).click());
	const zip = await (await download).path();
	const seconds = (Date.now() - started) / 1000;
	console.log(`quick lab: first zip after ${actions} actions and ${seconds.toFixed(1)} s`);
	expect(actions).toBeLessThanOrEqual(5);

	const entries = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n');
	for (const node of ['node1', 'node2', 'node3']) expect(entries).toContain(`${node}/node.crt`);
	expect(entries.some((e) => e.endsWith('ca.key'))).toBe(false);

	// What was made, where it went, and the commands that put a node folder on its node.
	const outcome = page.getByRole('region', { name: /^Done: Lab: \d+ certificates issued/ });
	await expect(outcome).toContainText((await download).suggestedFilename());
	await expect(outcome).toContainText('scp -r node1 node1.lab.internal:');
	await expect(outcome).toContainText('chmod 700 node1; chmod 600 node1/*.key');
	await expect(outcome.getByRole('button', { name: 'Copy Serial numbers' })).toBeVisible();

	// Nothing was stored: the vault has no CA until the person keeps the throwaway one.
	await goToView(page, 'Authorities');
	await expect(page.getByText('No CA yet.')).toBeVisible();
	await goToView(page, 'Quick lab');
	await page.getByLabel('Passphrase for the lab CA', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Passphrase for the lab CA again').fill('not the same passphrase');
	await page.getByRole('button', { name: 'Keep it in the vault' }).click();
	await expect(page.getByText('The two passphrases are different')).toBeVisible();
	// A failure keeps what was typed.
	await expect(page.getByLabel('Passphrase for the lab CA', { exact: true })).toHaveValue(PASSPHRASE);
	await page.getByLabel('Passphrase for the lab CA again').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Keep it in the vault' }).click();
	await expect(page.getByRole('region', { name: /is now in the vault, sealed with your passphrase/ })).toBeVisible();

	// Nothing was fetched after load; the reload below is a page load of its own.
	expect(requests).toEqual([]);

	// Kept: after a reload it is a locked CA of the vault, and the lab's certificates are in the inventory.
	await page.reload();
	await goToView(page, 'Inventory');
	await expect(page.getByRole('row', { name: /node1\.lab\.internal|CN=node/ }).first()).toBeVisible();
	await goToView(page, 'Authorities');
	await expect(page.getByRole('button', { name: /^Unlock Lab CA / })).toBeVisible();
	expect(problems).toEqual([]);
});
