import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createCa, goToView, openCaTab, PASSPHRASE, recordProblems } from './support';

/**
 * The views of the app: the first screen's three paths, every view's address surviving a reload on a
 * plain static file server and in the single file, Back and Forward, the layout from 360 to 1440 px,
 * and axe-core finding no serious or critical violation on any view.
 */
const VIEWS = [
	{ path: '/', heading: 'What did you come to do?' },
	{ path: '/authorities', heading: 'Your CAs' },
	{ path: '/lab', heading: 'Quick lab' },
	{ path: '/inspect', heading: 'Inspect, lint and explain' },
	{ path: '/inventory', heading: 'Expiries over time' },
	{ path: '/vault', heading: 'Vault: backup and safety' }
] as const;
const TABS = ['Issue', 'Sign CSR', 'Certificates', 'Revocation and CRL', 'Rotation', 'Settings'];
const FILE_URL = pathToFileURL(resolve('build/offline-ca.html')).href;

/** Serious and critical axe-core findings (WCAG 2.x A and AA and best practices), as "rule: targets" lines. */
async function axeProblems(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Nothing sticks out sideways: the page never needs a horizontal scroll bar. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
	expect(overflow, `${where} is wider than the window`).toBeLessThanOrEqual(0);
}

/** Checks one view at 360 and 1440 px: its heading, no sideways scroll, no serious axe finding. */
async function checkView(page: Page, heading: string, where: string): Promise<void> {
	for (const width of [360, 1440]) {
		await page.setViewportSize({ width, height: 900 });
		await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
		await expectNoSidewaysScroll(page, `${where} at ${width} px`);
	}
	expect(await axeProblems(page), where).toEqual([]);
}

let server: ChildProcess | undefined;
let origin = '';
test.beforeAll(async () => {
	// `python3 -m http.server`: a static host that knows nothing of the app (no rewrites, no fallback page).
	server = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '0'], { cwd: resolve('build') });
	origin = await new Promise<string>((done, fail) => {
		server!.stdout!.on('data', (chunk: Buffer) => {
			const port = /port (\d+)/.exec(chunk.toString())?.[1];
			if (port) done(`http://127.0.0.1:${port}`);
		});
		server!.on('exit', (code) => fail(new Error(`python3 -m http.server exited with ${code}`)));
	});
});
test.afterAll(() => {
	server?.kill();
});

test('the first screen offers three paths, each one click away', async ({ page }) => {
	const problems = await recordProblems(page);
	for (const [link, heading] of [
		['Run a CA', 'Your CAs'],
		['Make a lab', 'Quick lab'],
		['Inspect certificates', 'Inspect, lint and explain']
	] as const) {
		await page.goto('/');
		await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
		await page.getByRole('link', { name: link }).click();
		await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
	}
	expect(problems).toEqual([]);
});

test('on a plain static server every view and CA tab survives a reload, with no error and no serious axe finding', async ({
	page
}) => {
	test.setTimeout(180_000);
	const problems = await recordProblems(page);
	for (const view of VIEWS) {
		await page.goto(`${origin}/#${view.path}`);
		await expect(page.getByRole('heading', { name: view.heading, exact: true }).first()).toBeVisible();
		await page.reload();
		await checkView(page, view.heading, `#${view.path}`);
	}
	await page.goto(`${origin}/#/authorities`);
	await createCa(page, 'Static Host CA');
	for (const tab of TABS) {
		await openCaTab(page, 'Static Host CA', tab);
		await page.reload();
		await expect(page.getByRole('button', { name: 'Unlock Static Host CA' })).toBeVisible();
		await checkView(page, 'Static Host CA', `CA tab ${tab}, locked after the reload`);
	}
	await page.getByLabel('Passphrase for Static Host CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock Static Host CA' }).click();
	for (const tab of TABS) {
		await openCaTab(page, 'Static Host CA', tab);
		await checkView(page, 'Static Host CA', `CA tab ${tab}, unlocked`);
	}
	// An address the app does not know is its own page, not an error page (which would fetch version.json).
	await page.goto(`${origin}/#/no/such/view`);
	await expect(page.getByRole('heading', { name: 'This address is not a view of the app' })).toBeVisible();
	expect(problems).toEqual([]);
});

test('Back and Forward move between views and CA tabs', async ({ page }) => {
	await page.goto('/');
	await goToView(page, 'Inspect');
	await goToView(page, 'Vault');
	await page.goBack();
	await expect(page.getByRole('heading', { name: 'Inspect, lint and explain' })).toBeVisible();
	await page.goBack();
	await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
	await page.goForward();
	await expect(page.getByRole('heading', { name: 'Inspect, lint and explain' })).toBeVisible();
	await createCa(page, 'History CA');
	await openCaTab(page, 'History CA', 'Rotation');
	await openCaTab(page, 'History CA', 'Settings');
	await page.goBack();
	await expect(page).toHaveURL(/#\/authorities\/[^/]+\/rotation$/);
	await expect(page.getByText('Renew History CA with the same key')).toBeVisible();
});

test('in the single file every view opens from its address, with no error and no serious axe finding', async ({
	page
}) => {
	test.setTimeout(120_000);
	const problems = await recordProblems(page);
	for (const view of VIEWS) {
		await page.goto(`${FILE_URL}#${view.path}`);
		await expect(page.getByRole('heading', { name: view.heading, exact: true }).first()).toBeVisible();
		await page.reload();
		await checkView(page, view.heading, `offline-ca.html#${view.path}`);
	}
	await page.goto(`${FILE_URL}#/authorities`);
	await createCa(page, 'File Views CA');
	for (const tab of TABS) {
		await openCaTab(page, 'File Views CA', tab);
		await checkView(page, 'File Views CA', `offline-ca.html, CA tab ${tab}`);
	}
	expect(problems).toEqual([]);
	// The hash router is the single file's too: no view is a file of its own.
	expect(readFileSync(resolve('build/offline-ca.html'), 'utf8')).toContain('hash');
});
