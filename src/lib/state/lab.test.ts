import { describe, expect, test } from 'vitest';
import { labRequest } from '../worker/lab-request';
import { defaultLab, labOutput, labOutputs, labPlan, labProfiles, parseLabFile, serializeLab } from './lab';

describe('lab definitions', () => {
	test('every system with a lab is offered, and its defaults are a localhost lab of 3 nodes', () => {
		expect(labProfiles().map((p) => p.id)).toEqual(
			expect.arrayContaining(['cockroachdb', 'etcd', 'postgresql', 'mtls'])
		);
		for (const profile of labProfiles()) {
			const plan = labPlan(defaultLab(profile.id, 365));
			expect(plan.localhost).toBe(true);
			expect(plan.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
		}
	});

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

	test('a definition survives saving and re-opening', () => {
		const lab = {
			system: 'postgresql',
			nodes: 2,
			hosts: 'db1.lab 10.0.0.1\ndb2.lab 10.0.0.2',
			users: 'alice',
			days: 90,
			keyAlgorithm: 'RSA-2048' as const,
			output: 'pem' as const
		};
		expect(parseLabFile(serializeLab(lab))).toEqual(lab);
		expect(JSON.parse(serializeLab(lab))).toMatchObject({ format: 'offline-ca-lab', version: 1, output: 'pem' });
	});

	test('a PKCS#12 Elasticsearch lab keeps its output through saving, as version 2, and never its password', () => {
		const lab = { ...defaultLab('elasticsearch', 365), output: 'pkcs12' as const };
		const text = serializeLab(lab);
		expect(JSON.parse(text)).toEqual({
			format: 'offline-ca-lab',
			version: 2,
			system: 'elasticsearch',
			nodes: 3,
			hosts: 'localhost, 127.0.0.1',
			users: '',
			days: 365,
			keyAlgorithm: 'P-256',
			output: 'pkcs12'
		});
		expect(parseLabFile(text)).toEqual(lab);
		expect(labOutput(lab, 'Elastic lab 42!')).toEqual({ format: 'pkcs12', password: 'Elastic lab 42!' });
		expect(text).not.toMatch(/password/i);
	});

	test('a version 1 file (saved before the lab offered PKCS#12) opens as PEM', () => {
		const { output: _, ...old } = JSON.parse(serializeLab(defaultLab('elasticsearch', 365))) as Record<string, unknown>;
		expect(old.version).toBe(1);
		expect(parseLabFile(JSON.stringify(old))).toEqual(defaultLab('elasticsearch', 365));
	});

	test('only systems that read keystores offer PKCS#12, and a plan of another system refuses it', () => {
		expect(labOutputs('elasticsearch')).toEqual(['pem', 'pkcs12']);
		expect(labOutputs('cockroachdb')).toEqual(['pem']);
		expect(() => labPlan({ ...defaultLab('cockroachdb', 30), output: 'pkcs12' })).toThrow(
			expect.objectContaining({ field: 'lab-output' })
		);
		expect(labOutput(defaultLab('etcd', 30), 'ignored')).toEqual({ format: 'pem' });
	});

	const good = JSON.parse(serializeLab(defaultLab('etcd', 30))) as Record<string, unknown>;
	test.each([
		['not JSON', '{nodes: 3', 'it is not JSON'],
		['an array', '[]', 'not a JSON object'],
		['another format', JSON.stringify({ ...good, format: 'x' }), '"format" is not "offline-ca-lab"'],
		['an unknown system', JSON.stringify({ ...good, system: 'redis' }), '"system" must be one of'],
		['zero nodes', JSON.stringify({ ...good, nodes: 0 }), '"nodes" must be a whole number'],
		['no hosts', JSON.stringify({ ...good, hosts: ' ' }), '"hosts" must be non-empty'],
		['hosts that do not fit', JSON.stringify({ ...good, hosts: 'n{1..5}' }), 'its hosts do not fit its nodes'],
		['a bad algorithm', JSON.stringify({ ...good, keyAlgorithm: 'DSA' }), '"keyAlgorithm" is not one'],
		['negative days', JSON.stringify({ ...good, days: -1 }), '"days" must be'],
		[
			'PKCS#12 for a PEM-only system',
			JSON.stringify({ ...good, version: 2, output: 'pkcs12' }),
			'"output" must be "pem" for etcd'
		],
		['an unknown output', JSON.stringify({ ...good, output: 'jks' }), '"output" must be'],
		['a newer version', JSON.stringify({ ...good, version: 3 }), 'use a newer copy of the app']
	])('a file with %s is refused with a clear message on the file field', (_, text, message) => {
		expect(() => parseLabFile(text)).toThrow(
			expect.objectContaining({
				code: 'lab-file-invalid',
				field: 'lab-file',
				message: expect.stringContaining(message)
			})
		);
	});
});
