import { defineConfig } from 'vitest/config';

/** The single offline file in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (tests/firefox/). */
export default defineConfig({
	test: {
		include: ['tests/firefox/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 180_000,
		hookTimeout: 90_000,
		fileParallelism: false
	}
});
