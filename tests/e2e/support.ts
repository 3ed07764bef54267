import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, type Download, type Page } from '@playwright/test';

/** Where downloads are kept for the interop suite (BUNDLES_DIR, default test-results/bundles). */
export const BUNDLES_DIR = resolve(process.env.BUNDLES_DIR ?? 'test-results/bundles');

export const PASSPHRASE = 'correct horse battery staple';

/** Saves a download under the name the app offered and returns its path. */
export async function saveDownload(download: Download): Promise<string> {
	mkdirSync(BUNDLES_DIR, { recursive: true });
	const path = join(BUNDLES_DIR, download.suggestedFilename());
	await download.saveAs(path);
	return path;
}

/** Opens the app on its list of CAs and waits until the vault is open and the worker has answered. */
export async function openApp(page: Page): Promise<void> {
	await page.goto('/#/authorities');
	await expect(page.getByRole('heading', { name: 'Your CAs' })).toBeVisible();
	await expect(page.getByText('Opening the vault…')).toHaveCount(0);
	// The algorithm probe is the worker's first answer: once it came, <main> says the worker is up.
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
}

/**
 * Records every request the page makes from now on (pages, workers, prefetches). blob: URLs are
 * the page's own downloads and never leave the tab, so they are not requests to anyone.
 */
export function recordRequests(page: Page): string[] {
	const seen: string[] = [];
	page.context().on('request', (request) => {
		const url = request.url();
		if (!url.startsWith('blob:') && !url.startsWith('data:')) seen.push(`${request.method()} ${url}`);
	});
	return seen;
}

export async function createCa(
	page: Page,
	name: string,
	options: { algorithm?: string; years?: number } = {}
): Promise<void> {
	await goToView(page, 'Authorities');
	await page.getByLabel('CA name').fill(name);
	if (options.algorithm)
		await page.getByLabel('Key algorithm', { exact: true }).selectOption({ label: options.algorithm });
	if (options.years) await page.getByLabel('Validity (years)').fill(String(options.years));
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Passphrase again').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expect(page.getByRole('heading', { name, exact: true })).toBeVisible({ timeout: 60_000 });
	await expect(page.getByRole('button', { name: `Lock ${name}` })).toBeVisible();
}

/** Clicks a button that triggers a download and saves the file. */
export async function downloadFrom(page: Page, buttonName: string): Promise<string> {
	const downloaded = page.waitForEvent('download');
	await page.getByRole('button', { name: buttonName }).click();
	return saveDownload(await downloaded);
}

/** Creates an intermediate under an unlocked CA from its card, and waits until it is listed under it. */
export async function createIntermediate(page: Page, parent: string, name: string): Promise<void> {
	const card = page.getByRole('article', { name: parent, exact: true });
	await card.getByText(`Create intermediate CA under ${parent}`).click();
	await card.getByLabel('Name of the new intermediate').fill(name);
	await card.getByLabel('Passphrase for the intermediate').fill(PASSPHRASE);
	await card.getByLabel("Repeat the intermediate's passphrase").fill(PASSPHRASE);
	await card.getByRole('button', { name: 'Create intermediate CA' }).click();
	await expect(card.getByRole('button', { name: 'Create intermediate CA' })).toBeEnabled({ timeout: 60_000 });
	await goToView(page, 'Authorities');
	await expect(page.getByRole('heading', { name, exact: true })).toBeVisible({ timeout: 60_000 });
	await expect(page.getByRole('article', { name, exact: true })).toContainText(`Intermediate CA under ${parent}`);
}

/** Follows a link of the main navigation (Home, Authorities, Quick lab, Inspect, Inventory, Vault). */
export async function goToView(page: Page, view: string): Promise<void> {
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true }).click();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: view, exact: true })
	).toHaveAttribute('aria-current', 'page');
}

/**
 * Opens a tab of one CA's page (Issue, Sign CSR, Certificates, Revocation and CRL, Rotation, Settings),
 * from wherever the page is: through Authorities and the CA's name unless its page is already open.
 */
export async function openCaTab(page: Page, caName: string, tab: string): Promise<void> {
	const tabs = page.getByRole('navigation', { name: `${caName} sections` });
	if (!(await tabs.isVisible())) {
		await goToView(page, 'Authorities');
		await page.getByRole('heading', { name: caName, exact: true }).getByRole('link').click();
	}
	await tabs.getByRole('link', { name: tab, exact: true }).click();
	await expect(tabs.getByRole('link', { name: tab, exact: true })).toHaveAttribute('aria-current', 'page');
}

/** CSP violations and script errors, collected from the first script on. */
export async function recordProblems(page: Page): Promise<string[]> {
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI}`)
		);
	});
	return problems;
}

/**
 * Starts a 400-node RSA-2048 lab under a new CA and waits until it is issuing: key generation that
 * takes tens of seconds and cannot be interrupted from inside, so the workers are surely busy. Returns
 * the algorithm picker, the algorithm it held before, and the progress status.
 */
export async function startBusyRsaLab(page: Page, caName: string) {
	await openApp(page);
	await createCa(page, caName);
	const algorithm = page.getByLabel('Key algorithm of the new keys').last();
	const usualAlgorithm = await algorithm.inputValue();
	await page.getByLabel('Number of nodes').fill('400');
	await algorithm.selectOption({ label: 'RSA 2048' });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const progress = page.getByRole('status').filter({ hasText: 'Issuing the lab' });
	await expect(progress).toContainText(/\b([1-9]\d*) \/ 401\b/, { timeout: 120_000 });
	return { algorithm, usualAlgorithm, progress };
}

/**
 * After a busy lab failed (startBusyRsaLab): the form shows no progress and nothing was recorded; then
 * a lab of `nodes` nodes, with the algorithm the form held before, issues and downloads, and the form
 * error is gone. Returns the zip's listing.
 */
export async function issueLabAgain(
	page: Page,
	busy: Awaited<ReturnType<typeof startBusyRsaLab>>,
	nodes: number
): Promise<string[]> {
	await expect(busy.progress).toHaveCount(0);
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	await page.getByLabel('Number of nodes').fill(String(nodes));
	await busy.algorithm.selectOption(busy.usualAlgorithm);
	const downloaded = page.waitForEvent('download', { timeout: 60_000 });
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	const listing = execFileSync('unzip', ['-Z1', await (await downloaded).path()])
		.toString()
		.split('\n')
		.filter(Boolean);
	expect(listing.filter((name) => name.endsWith('/node.key'))).toHaveLength(nodes);
	await expect(page.locator('#lab-form-error')).toHaveCount(0);
	return listing;
}

/**
 * Saves where a CA publishes revocation (its Revocation and CRL tab, "Revocation and AIA
 * locations"), before issuing, so the certificates carry them. `urls` maps a field's label to its URL.
 */
export async function saveLocations(page: Page, caName: string, urls: Record<string, string>): Promise<void> {
	await openCaTab(page, caName, 'Revocation and CRL');
	const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: caName }) });
	await card.getByText('Revocation and AIA locations', { exact: true }).click();
	for (const [label, url] of Object.entries(urls)) await card.getByLabel(label).fill(url);
	await card.getByRole('button', { name: `Save locations of ${caName}` }).click();
	await expect(card.getByText('Saved. Certificates issued from now on carry these locations.')).toBeVisible();
}
