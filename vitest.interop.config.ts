import { defineConfig } from 'vitest/config';

/** Interop tests run real programs (openssl, psql, keytool) on the zips the e2e suite downloaded. */
export default defineConfig({
	test: {
		include: ['tests/interop/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// Two files at a time (the CI machine has 2 cores): every server a test starts binds its own
		// ports (a fixed range per kit, or a free port found at run time) and runs from its own temp dir.
		fileParallelism: true,
		maxWorkers: 2
	}
});
