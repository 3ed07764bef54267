import { describe, expect, test } from 'vitest';
import { isPkiError } from '../errors';
import { mutate, prng } from '../../testing/fuzz';
import { parseInstancesYml } from './instances-yml';

/**
 * Hostile instances.yml: 10,000 mutated texts. Each must return the documented result, a
 * list of instances or a list of problems with a line and a message, or at worst a PkiError; never
 * another exception, and each within a time bound (aliases are refused before any value is built, so a
 * "billion laughs" document is one of the seeds).
 */
const CASES = 10_000;
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;
const SEEDS = [
	`instances:
  - name: "node1"
    ip:
      - "192.0.2.1"
    dns:
      - "node1.mydomain.com"
  - name: "node2"
    ip: [ "192.0.2.2", "198.51.100.1" ]
  - name: "CN=node4,OU=search,O=Example"
    filename: "node4"
    dns: [ "node4.mydomain.com" ]
    cn: [ "node4.cluster" ]
`,
	`instances:\n  - name: a\n    dns: &d [ "a.lab", "b.lab" ]\n  - name: b\n    dns: *d\n`
].map((s) => new TextEncoder().encode(s));
/** Nested aliases (a "billion laughs"): checked once, unmutated, so it does not dominate the run time. */
const LAUGHS =
	'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
	'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' +
	'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
	'instances: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';

describe('instances.yml fuzz', () => {
	test('nested aliases end in problems, quickly', () => {
		const started = performance.now();
		const result = parseInstancesYml(LAUGHS);
		expect(result.ok).toBe(false);
		expect(performance.now() - started).toBeLessThan(BOUND_MS);
	});

	test(`${CASES} mutated instances.yml texts end in instances or problems, each within ${BOUND_MS} ms`, () => {
		const random = prng(0x1a57);
		const decoder = new TextDecoder();
		const bad: string[] = [];
		let ok = 0;
		let refused = 0;
		for (let i = 0; i < CASES && bad.length < 20; i++) {
			const text = decoder.decode(mutate(SEEDS, random));
			const started = performance.now();
			try {
				const result = parseInstancesYml(text);
				if (result.ok) {
					ok++;
					if (
						!result.instances.every(
							(x) => typeof x.name === 'string' && Array.isArray(x.dns) && Number.isInteger(x.line)
						)
					)
						bad.push(`case ${i}: malformed instance`);
				} else {
					refused++;
					if (
						result.problems.length === 0 ||
						!result.problems.every((p) => Number.isInteger(p.line) && p.message.length > 0)
					)
						bad.push(`case ${i}: malformed problems`);
				}
			} catch (error) {
				if (isPkiError(error)) refused++;
				else bad.push(`case ${i}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
			}
			if (performance.now() - started > BOUND_MS)
				bad.push(`case ${i}: took ${Math.round(performance.now() - started)} ms`);
		}
		expect(bad).toEqual([]);
		expect(ok).toBeGreaterThan(0);
		expect(refused).toBeGreaterThan(0);
	}, 120_000);
});
