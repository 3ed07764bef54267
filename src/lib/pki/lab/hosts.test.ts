import { describe, expect, test } from 'vitest';
import { expandHosts, isLoopback } from './hosts';

describe('lab hosts expander', () => {
	test('a brace range gives node k its k-th value; plain entries go to every node', () => {
		expect(expandHosts('node{1..3}.lab.internal, 10.20.0.{11..13}, localhost', 3)).toEqual([
			['node1.lab.internal', '10.20.0.11', 'localhost'],
			['node2.lab.internal', '10.20.0.12', 'localhost'],
			['node3.lab.internal', '10.20.0.13', 'localhost']
		]);
	});

	test('{i} is the node number, descending and zero-padded ranges follow bash', () => {
		expect(expandHosts('n{i}.x db{03..01}', 3)).toEqual([
			['n1.x', 'db03'],
			['n2.x', 'db02'],
			['n3.x', 'db01']
		]);
		expect(expandHosts('10.0.{i}.1', 2)).toEqual([['10.0.1.1'], ['10.0.2.1']]);
	});

	test('several lines are a list, one line per node, and repeats within a node collapse', () => {
		expect(expandHosts('a.lab, 10.0.0.1\nb.lab 10.0.0.2\n\n c.lab,c.lab ', 3)).toEqual([
			['a.lab', '10.0.0.1'],
			['b.lab', '10.0.0.2'],
			['c.lab']
		]);
	});

	test('the localhost default gives every node the same loopback hosts', () => {
		expect(expandHosts('localhost, 127.0.0.1', 2)).toEqual([
			['localhost', '127.0.0.1'],
			['localhost', '127.0.0.1']
		]);
	});

	test('a range that does not fit the node count is refused with both numbers, on the hosts field', () => {
		expect(() => expandHosts('node{1..5}.lab', 3)).toThrow(
			expect.objectContaining({
				code: 'lab-hosts-invalid',
				field: 'lab-hosts',
				message: expect.stringContaining('gives 5 values, but the lab has 3 nodes')
			})
		);
	});

	test('a list with the wrong number of lines, and an empty field, are refused', () => {
		expect(() => expandHosts('a\nb', 3)).toThrow(
			expect.objectContaining({
				code: 'lab-hosts-invalid',
				message: expect.stringContaining('2 lines but the lab has 3 nodes')
			})
		);
		expect(() => expandHosts(' \n ', 3)).toThrow(expect.objectContaining({ code: 'host-empty', field: 'lab-hosts' }));
	});

	test.each([
		['localhost', true],
		['127.0.0.1', true],
		['127.1.2.3', true],
		['::1', true],
		['[::1]', true],
		['10.0.0.1', false],
		['node1.lab', false],
		['localhost.example', false]
	])('isLoopback(%s) = %s', (host, expected) => {
		expect(isLoopback(host)).toBe(expected);
	});
});
