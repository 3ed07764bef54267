import { describe, expect, test } from 'vitest';
import { MAX_INSTANCES, MAX_INSTANCES_YML_BYTES, MAX_YAML_DEPTH, parseInstancesYml } from './instances-yml';

/** Hostile instances.yml: each budget (size, nesting, count, aliases) answers at once with a line-numbered problem. */
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;

function problems(text: string) {
	const start = performance.now();
	const result = parseInstancesYml(text);
	expect(performance.now() - start).toBeLessThan(BOUND_MS);
	expect(result.ok).toBe(false);
	return result.ok ? [] : result.problems.map((p) => p.message);
}

describe('instances.yml budgets', () => {
	test('text over 1 MB is refused before the YAML parser sees it', () => {
		expect(problems(`instances:\n${'#'.repeat(MAX_INSTANCES_YML_BYTES)}`)).toEqual([
			'The file is larger than 1 MB; an instances.yml is a few lines per node.'
		]);
	});

	test('100,000 nested flow lists are refused by the depth budget, without a stack overflow', () => {
		expect(problems(`instances: ${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toEqual([
			`The YAML nests deeper than ${MAX_YAML_DEPTH} levels; an instances.yml nests four.`
		]);
	});

	test('nesting just past the budget in block style is refused too', () => {
		const deep = Array.from({ length: MAX_YAML_DEPTH + 2 }, (_, i) => `${'  '.repeat(i)}- `).join('\n');
		expect(problems(`instances:\n${deep}x`)).toEqual([
			`The YAML nests deeper than ${MAX_YAML_DEPTH} levels; an instances.yml nests four.`
		]);
	});

	test('more instances than one bundle holds', () => {
		const many = Array.from({ length: MAX_INSTANCES + 1 }, (_, i) => `  - name: n${i}\n    dns: n${i}.lab`).join('\n');
		expect(problems(`instances:\n${many}`)).toEqual([
			`Lists ${MAX_INSTANCES + 1} instances; one bundle holds at most ${MAX_INSTANCES}.`
		]);
	});

	test('a billion laughs of nested aliases is refused at the first alias', () => {
		const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
		expect(problems(['l0: &l0 "lol"', ...levels, 'instances: *l9'].join('\n'))).toEqual([
			'The alias *l0 is not supported here: write the value out in full.'
		]);
	});
});
