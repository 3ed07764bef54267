// Regenerates docs/screenshot.png for the README: `npm run build && node scripts/screenshot.mjs`
// (starts `vite preview` itself). Not part of the test suite.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const server = spawn('npx', ['vite', 'preview', '--port', '4174', '--strictPort'], { stdio: 'ignore' });
try {
	// Wait until the preview server answers (its start-up time varies with the machine's load).
	for (let i = 0; i < 100; i++) {
		if (
			await fetch('http://localhost:4174/').then(
				() => true,
				() => false
			)
		)
			break;
		await new Promise((r) => setTimeout(r, 200));
	}
	const browser = await chromium.launch({
		executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
		args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
	});
	const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
	await page.goto('http://localhost:4174/');
	await page.getByLabel('Key algorithm', { exact: true }).isEnabled();
	await page.getByLabel('CA name').fill('Lab Root CA');
	await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
	await page.getByLabel('Passphrase again').fill('correct horse battery staple');
	await page.getByRole('button', { name: 'Create CA' }).click();
	await page.getByRole('button', { name: 'Lock Lab Root CA' }).waitFor();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Issue and download CockroachDB certificates' }).click();
	await download;
	await page.getByRole('table').waitFor();
	await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
	await browser.close();
} finally {
	server.kill();
}
