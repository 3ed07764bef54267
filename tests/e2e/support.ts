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

/** Opens the app and waits until the vault is open and the worker has answered. */
export async function openApp(page: Page): Promise<void> {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Your CAs' })).toBeVisible();
	await expect(page.getByText('Opening the vault…')).toHaveCount(0);
	// The algorithm probe is the worker's first answer: once the Ed25519 option's state is known
	// the worker is up.
	await expect(page.getByLabel('Key algorithm', { exact: true })).toBeEnabled();
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
	await expect(page.getByRole('heading', { name, exact: true })).toBeVisible({ timeout: 60_000 });
	await expect(page.getByRole('article', { name, exact: true })).toContainText(`Intermediate CA under ${parent}`);
}
