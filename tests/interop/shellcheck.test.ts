import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { describeRun, run } from './support/run';

/**
 * Every script the app writes into a zip (lab start scripts, keystore helpers) must pass
 * `shellcheck -S warning` (https://www.shellcheck.net/wiki/): unquoted expansions, word splitting and
 * globbing are how a name from a form or a file turns into a command.
 */
const ZIPS = Object.entries(BUNDLES);
/** The quick labs of localhost nodes (tests/e2e/lab.spec.ts), which ship a start script. */
const LOCAL_LAB = /^lab[A-Z]/;
const opened: Unzipped[] = [];
afterAll(async () => Promise.all(opened.map((u) => u.remove())));

function scriptsIn(dir: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
		const path = join(dir, entry);
		if (!statSync(path).isFile()) continue;
		if (entry.endsWith('.sh') || readFileSync(path).subarray(0, 2).toString() === '#!') found.push(path);
	}
	return found.sort();
}

describe('shellcheck -S warning passes on every script in the downloaded zips', () => {
	test.each(ZIPS)('%s', async (key, zip) => {
		const unzipped = await unzipBundle(zip);
		opened.push(unzipped);
		const scripts = scriptsIn(unzipped.dir);
		// A quick lab of localhost nodes ships a start script: none found there means the test proves nothing.
		if (LOCAL_LAB.test(key)) expect(scripts.length, `${zip} holds no script`).toBeGreaterThan(0);
		else expect(readdirSync(unzipped.dir).length, `${zip} is empty`).toBeGreaterThan(0);
		for (const script of scripts) {
			const result = await run('shellcheck', ['-S', 'warning', '-s', 'bash', script]);
			expect(result.code, `${relative(unzipped.dir, script)} in ${zip}\n${describeRun(result)}`).toBe(0);
		}
	});
});
