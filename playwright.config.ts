import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * e2e runs against the built static site served by `vite preview`, in Debian's Chromium
 * (Playwright cannot download its own browser here). The flags keep Chromium from making
 * background requests of its own, which would otherwise pollute the no-network assertions.
 */
/** E2E_PORT lets two runs (say, a developer's and a helper's) share a machine. */
const port = Number(process.env.E2E_PORT ?? 4173);
const chromium = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 90_000,
	expect: { timeout: 20_000 },
	fullyParallel: false,
	workers: process.env.CI ? 1 : 2,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://localhost:${port}`,
		acceptDownloads: true,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: chromium,
			args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: `npx vite preview --port ${port} --strictPort`,
		port,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
