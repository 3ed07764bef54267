import { expect, test } from '@playwright/test';

test('inside another page’s frame the app shows a notice instead of itself', async ({ page, baseURL }) => {
	const requests: string[] = [];
	page.on('request', (r) => requests.push(r.url()));
	await page.setContent(`<iframe title="framed" src="${baseURL}/" width="800" height="600"></iframe>`);
	const frame = page.frameLocator('iframe[title="framed"]');
	await expect(frame.getByRole('heading', { name: 'Offline CA does not run inside another page' })).toBeVisible();
	// The app itself never started: no CA form, no vault, no crypto worker.
	await expect(frame.getByLabel('CA name')).toHaveCount(0);
	expect(page.workers()).toHaveLength(0);
	expect(requests.filter((url) => url.includes('worker'))).toEqual([]);
});

test('in its own tab the same page is the app', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Offline CA does not run inside another page' })).toHaveCount(0);
});
