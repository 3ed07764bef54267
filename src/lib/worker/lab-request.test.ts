import { describe, expect, test } from 'vitest';
import { defaultLab } from '../pki/lab/definition';
import { labRequest } from './lab-request';

describe('lab requests, planned in the worker', () => {
	test('the request puts node kinds in node folders, clients in client folders and files at the top', () => {
		const { folders } = labRequest(
			{ ...defaultLab('cockroachdb', 30), hosts: 'node{1..3}.lab, 10.0.0.{i}', users: 'root marc' },
			'Lab CA'
		);
		expect(
			folders.map((f) => [f.folder, f.leaves.map((l) => `${l.kindId}:${l.input.hosts ?? l.input.users}`)])
		).toEqual([
			['node1', ['node:node1.lab, 10.0.0.1']],
			['node2', ['node:node2.lab, 10.0.0.2']],
			['node3', ['node:node3.lab, 10.0.0.3']],
			['client', ['client:root', 'client:marc']],
			['', []]
		]);
		expect(folders.at(-1)?.files?.map((f) => f.path)).toEqual([
			'config/node1/cockroach-start.flags',
			'config/node2/cockroach-start.flags',
			'config/node3/cockroach-start.flags',
			'lab.json'
		]);
	});

	test.each([0, 1001, 2.5])('a lab of %s nodes is refused on the nodes field', (nodes) => {
		expect(() => labRequest({ ...defaultLab('etcd', 30), nodes }, 'x')).toThrow(
			expect.objectContaining({ field: 'nodes' })
		);
	});
});
