import { describe, expect, test } from 'vitest';
import { defaultLab } from './definition';
import { parseLabFile, serializeLab } from './lab-file';

/** A lab.json is a file someone sends: its hosts reach the same budgets as the form's, at once. */
describe('a hostile lab.json', () => {
	test.each([
		['a /8 range for three nodes', '10.0.0.{0..16777215}', /gives 16,777,216 values, but the lab has 3 nodes/],
		[
			'25,000 names for each of 1,000 nodes',
			Array.from({ length: 25_000 }, (_, i) => `h${i}`).join(','),
			/would make 25,000,000 host names/
		]
	])('with %s is refused when it is opened, at once', (_, hosts, message) => {
		const nodes = hosts.startsWith('10.') ? 3 : 1000;
		const text = serializeLab({ ...defaultLab('cockroachdb', 365), nodes, hosts });
		const start = performance.now();
		expect(() => parseLabFile(text)).toThrow(
			expect.objectContaining({ code: 'lab-file-invalid', field: 'lab-file', message: expect.stringMatching(message) })
		);
		expect(performance.now() - start).toBeLessThan(10_000);
	});

	test('400,000 nested arrays are refused as not a lab definition, without a stack overflow', () => {
		expect(() => parseLabFile(`${'['.repeat(400_000)}${']'.repeat(400_000)}`)).toThrow(
			expect.objectContaining({ code: 'lab-file-invalid', message: expect.stringContaining('it is not a JSON object') })
		);
	});
});
