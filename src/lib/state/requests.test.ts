import { describe, expect, test } from 'vitest';
import { cockroachCertsRequest, cockroachLabRequest } from './requests';

const common = { days: 30, keyAlgorithm: 'P-256' as const };

describe('CockroachDB request builders', () => {
	test('a certs-dir with node, two users and ui', () => {
		const { folders, zipName } = cockroachCertsRequest(
			{ ...common, node: true, nodeHosts: 'db1', clientUsers: 'root, marc', ui: true, uiHosts: 'console' },
			'Lab CA'
		);
		expect(zipName).toBe('cockroachdb-certs-lab-ca.zip');
		expect(folders).toHaveLength(1);
		expect(folders[0]?.leaves.map((l) => [l.kindId, l.hosts ?? l.username])).toEqual([
			['node', 'db1'],
			['client', 'root'],
			['client', 'marc'],
			['ui', 'console']
		]);
	});

	test('bad UI hosts are reported against the UI input, not the node hosts', () => {
		expect(() =>
			cockroachCertsRequest({ ...common, node: true, nodeHosts: 'db1', clientUsers: '', ui: true, uiHosts: '1.2.3.999' }, 'Lab CA')
		).toThrow(expect.objectContaining({ code: 'ip-invalid', field: 'uiHosts' }));
	});

	test('nothing chosen is refused', () => {
		expect(() => cockroachCertsRequest({ ...common, node: false, nodeHosts: '', clientUsers: ' ', ui: false, uiHosts: '' }, 'Lab CA')).toThrow(/Choose at least one certificate/);
	});

	test('a lab expands {i} per node and adds a client folder', () => {
		const { folders, zipName } = cockroachLabRequest({ ...common, nodes: 3, hostPattern: 'node{i}.lab, 10.0.0.{i}', rootClient: true }, 'Lab CA');
		expect(zipName).toBe('cockroachdb-lab-3-nodes-lab-ca.zip');
		expect(folders.map((f) => [f.folder, f.leaves[0]?.hosts ?? f.leaves[0]?.username])).toEqual([
			['node1', 'node1.lab, 10.0.0.1'],
			['node2', 'node2.lab, 10.0.0.2'],
			['node3', 'node3.lab, 10.0.0.3'],
			['client', 'root']
		]);
	});

	test.each([0, 1001, 2.5])('a lab of %s nodes is refused', (nodes) => {
		expect(() => cockroachLabRequest({ ...common, nodes, hostPattern: 'a', rootClient: false }, 'x')).toThrow(expect.objectContaining({ field: 'nodes' }));
	});
});
