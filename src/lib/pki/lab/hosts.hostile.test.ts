import { describe, expect, test } from 'vitest';
import { expandHosts, MAX_HOST_NAMES, MAX_HOSTS_TEXT } from './hosts';

/**
 * Hostile lab host patterns: each used to be expanded before it was checked, so a range as wide as
 * a /8 built millions of strings (seconds of a frozen page) and a wider one ran out of memory or
 * never ended. Now the sizes are worked out first and the refusal comes at once, on the hosts field.
 */
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;

function refused(text: string, nodes: number): { message: string; ms: number } {
	const start = performance.now();
	try {
		expandHosts(text, nodes);
	} catch (error) {
		expect(error).toMatchObject({ code: 'lab-hosts-invalid', field: 'lab-hosts' });
		return { message: (error as Error).message, ms: performance.now() - start };
	}
	throw new Error(`${text.slice(0, 40)} was accepted`);
}

describe('lab host patterns that would expand to millions of names', () => {
	test.each([
		['a /8 as one range', '10.0.0.{0..16777215}', 3, '16,777,216 values'],
		[
			'a /8 as one range, for the largest lab',
			'10.0.0.{0..16777215}',
			1000,
			'16,777,216 values, but the lab has 1,000 nodes'
		],
		['a /8 written octet by octet', '10.{0..255}.{0..255}.{1..254}', 1000, '256 values'],
		['a range past 2^32, where an array cannot be that long', 'n{1..99999999999}.lab', 5, '99,999,999,999 values'],
		[
			'a range past 2^53, where a number cannot count to its end',
			'n{1..99999999999999999999}',
			5,
			'99,999,999,999,999,999,999 values'
		]
	])('%s is refused with how many values it gives', (_, text, nodes, values) => {
		const { message, ms } = refused(text, nodes);
		expect(message).toContain(`gives ${values}`);
		expect(message).toContain('a range needs one value per node');
		expect(ms).toBeLessThan(BOUND_MS);
	});

	test('25,000 names on one line for 1,000 nodes (25 million hosts) is refused by the count, before expanding', () => {
		const line = Array.from({ length: 25_000 }, (_, i) => `h${i}`).join(',');
		expect(line.length).toBeLessThan(MAX_HOSTS_TEXT);
		const { message, ms } = refused(line, 1000);
		expect(message).toBe(
			`The hosts would make 25,000,000 host names over 1,000 nodes; a lab takes at most ${MAX_HOST_NAMES.toLocaleString('en-US')}. List fewer names per node.`
		);
		expect(ms).toBeLessThan(BOUND_MS);
	});

	test('a megabyte of text is refused by its length', () => {
		const { message, ms } = refused(`${'a'.repeat(1_000_000)}{1..3}`, 3);
		expect(message).toMatch(/^The hosts are 1,000,006 characters long; at most 200,000 are read/);
		expect(ms).toBeLessThan(BOUND_MS);
	});

	test('a range bound of 100,000 digits is refused at once', () => {
		const { message, ms } = refused(`n{0..${'9'.repeat(100_000)}}`, 3);
		expect(message).toContain('but the lab has 3 nodes');
		expect(ms).toBeLessThan(BOUND_MS);
	});

	test('the largest lab with a wide but fitting pattern still expands', () => {
		const hosts = expandHosts('node{1..1000}.lab, 10.{1..1000}.0.1, {0001..1000}.x, {i}.y', 1000);
		expect(hosts).toHaveLength(1000);
		expect(hosts[999]).toEqual(['node1000.lab', '10.1000.0.1', '1000.x', '1000.y']);
		expect(hosts[0]).toEqual(['node1.lab', '10.1.0.1', '0001.x', '1.y']);
	});
});
