import { defineConfig } from 'vitest/config';

/**
 * The single offline file in Debian's firefox-esr over WebDriver BiDi (tests/firefox/). Node 20 has
 * the WebSocket client the driver needs only behind --experimental-websocket; Node 22 has it always.
 */
export default defineConfig({
	test: {
		include: ['tests/firefox/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 180_000,
		hookTimeout: 90_000,
		fileParallelism: false,
		execArgv: typeof WebSocket === 'undefined' ? ['--experimental-websocket'] : []
	}
});
