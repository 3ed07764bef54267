import { defineConfig } from 'vitest/config';

/** Interop tests run real programs (openssl, psql, keytool) on the zips the e2e suite downloaded. */
export default defineConfig({
	test: {
		include: ['tests/interop/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 120_000,
		hookTimeout: 120_000,
		fileParallelism: false
	}
});
