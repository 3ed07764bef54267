import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, PASSPHRASE } from './support';

/**
 * The README's pictures of the main views, taken from the built site on every e2e run, so they show
 * what the app looks like now (docs/screenshots/*.png, committed).
 */
const DIR = resolve('docs/screenshots');

async function shot(page: Page, name: string): Promise<void> {
	mkdirSync(DIR, { recursive: true });
	// The outcome panel scrolls itself into view; the pictures start at the top of each view.
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: join(DIR, `${name}.png`), fullPage: true });
}

test('screenshots of the main views for the README', async ({ page }) => {
	test.setTimeout(180_000);
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
	await shot(page, 'home');

	await goToView(page, 'Quick lab');
	await shot(page, 'quick-lab');

	await createCa(page, 'Screenshot Root CA');
	await page.getByLabel('Node hosts', { exact: false }).fill('db1.example.internal, 10.0.0.11');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await downloadFrom(page, 'Issue and download CockroachDB certificates');
	await expect(page.getByRole('region', { name: /^Done: Certificates:/ })).toBeVisible();
	await shot(page, 'ca-issue');

	const intermediate = page.getByRole('form', { name: 'Create intermediate CA under Screenshot Root CA' });
	await page.locator('summary', { hasText: 'Create intermediate CA under Screenshot Root CA' }).click();
	await intermediate.getByLabel('Name of the new intermediate').fill('Screenshot Issuing CA');
	await intermediate.getByLabel('Passphrase for the intermediate').fill(PASSPHRASE);
	await intermediate.getByLabel("Repeat the intermediate's passphrase").fill(PASSPHRASE);
	await intermediate.getByRole('button', { name: 'Create intermediate CA' }).click();
	await expect(intermediate.getByRole('button', { name: 'Create intermediate CA' })).toBeEnabled({ timeout: 60_000 });
	await goToView(page, 'Authorities');
	await expect(page.getByRole('heading', { name: 'Screenshot Issuing CA' })).toBeVisible();
	await shot(page, 'authorities');

	await goToView(page, 'Inventory');
	await shot(page, 'inventory');

	await goToView(page, 'Inspect');
	await shot(page, 'inspect');

	await goToView(page, 'Vault');
	await shot(page, 'vault');

	await page.setViewportSize({ width: 360, height: 740 });
	await goToView(page, 'Home');
	await shot(page, 'home-narrow');
});
