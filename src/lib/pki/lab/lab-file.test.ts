import { describe, expect, test } from 'vitest';
import { defaultLab, labOutput } from './definition';
import { parseLabFile, serializeLab } from './lab-file';

describe('lab definitions saved as lab.json', () => {
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

	test('a legacy PKCS#12 lab keeps its compatibility as version 3, which older copies refuse', () => {
		const lab = {
			...defaultLab('elasticsearch', 365),
			output: 'pkcs12' as const,
			pkcs12Compatibility: 'legacy' as const
		};
		const text = serializeLab(lab);
		expect(JSON.parse(text)).toMatchObject({ version: 3, output: 'pkcs12', pkcs12Compatibility: 'legacy' });
		expect(parseLabFile(text)).toEqual(lab);
		expect(labOutput(parseLabFile(text), 'Elastic lab 42!')).toEqual({
			format: 'pkcs12',
			password: 'Elastic lab 42!',
			compatibility: 'legacy'
		});
		// A modern choice is what a file without the field means, so it is written as version 2 without it.
		const modern = serializeLab({ ...lab, pkcs12Compatibility: 'modern' });
		expect(JSON.parse(modern)).not.toHaveProperty('pkcs12Compatibility');
		expect(JSON.parse(modern)).toMatchObject({ version: 2 });
	});

	test('a version 1 file (saved before the lab offered PKCS#12) opens as PEM', () => {
		const { output: _, ...old } = JSON.parse(serializeLab(defaultLab('elasticsearch', 365))) as Record<string, unknown>;
		expect(old.version).toBe(1);
		expect(parseLabFile(JSON.stringify(old))).toEqual(defaultLab('elasticsearch', 365));
	});

	const good = JSON.parse(serializeLab(defaultLab('etcd', 30))) as Record<string, unknown>;
	const es12 = JSON.parse(serializeLab({ ...defaultLab('elasticsearch', 30), output: 'pkcs12' })) as Record<
		string,
		unknown
	>;
	test.each([
		['not JSON', '{nodes: 3', 'it is not JSON'],
		['an array', '[]', 'not a JSON object'],
		['another format', JSON.stringify({ ...good, format: 'x' }), '"format" is not "offline-ca-lab"'],
		['an unknown system', JSON.stringify({ ...good, system: 'memcached' }), '"system" must be one of'],
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
		['a newer version', JSON.stringify({ ...good, version: 4 }), 'use a newer copy of the app'],
		[
			'an unknown PKCS#12 compatibility',
			JSON.stringify({ ...es12, pkcs12Compatibility: 'rc2' }),
			'"pkcs12Compatibility" must be "modern" or "legacy"'
		],
		[
			'a legacy PKCS#12 compatibility on a PEM lab',
			JSON.stringify({ ...good, version: 3, pkcs12Compatibility: 'legacy' }),
			'"output" is not "pkcs12"'
		]
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
