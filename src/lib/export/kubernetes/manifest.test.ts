import { describe, expect, test } from 'vitest';
import { secretProblems } from '../../testing/kubernetes-secrets';
import { dump, load } from 'js-yaml';
import { nameSuffix, secretManifest, secretNames, secretsFile, yamlFile, type SecretSpec } from './manifest';

describe('the manifest writer', () => {
	test('quotes what YAML would read as another type, and the reader gets the same strings back', () => {
		const tricky = ['yes', 'null', '0755', '1e3', '- a', 'a: b', '#x', "it's", '"q"', '', ' lead', 'multi\nline'];
		const text = yamlFile(['a comment'], [{ values: tricky }]);
		expect(text.startsWith('# a comment\n')).toBe(true);
		expect(load(text)).toEqual({ values: tricky });
	});

	test('a comment line with a line break stays a comment: a typed name cannot add YAML', () => {
		const text = yamlFile(['CA "x"\nkind: Evil\r\nalso'], [{ a: 1 }]);
		expect(text.split('\n').slice(0, 3)).toEqual(['# CA "x"', '# kind: Evil', '# also']);
		expect(load(text)).toEqual({ a: 1 });
	});

	test('a Secret document passes the checker, and the checker catches each broken rule', () => {
		const good = secretManifest({ name: 'a.b-c', type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } });
		expect(secretProblems(good)).toEqual([]);
		expect(secretProblems({ ...good, apiVersion: 'v2' })).toEqual(['apiVersion v2']);
		expect(secretProblems({ ...good, metadata: { name: 'Upper' } })).toEqual(['name Upper']);
		expect(secretProblems({ ...good, data: { 'tls.crt': 'eA==', 'bad/key': 'eA==', 'tls.key': '!' } })).toEqual([
			'data key bad/key',
			'data tls.key is not base64'
		]);
		expect(secretProblems({ ...good, data: { 'tls.crt': 'eA==' } })).toEqual([
			'a kubernetes.io/tls Secret without tls.crt and tls.key'
		]);
	});

	test('refuses a name or key Kubernetes would refuse, rather than write a manifest kubectl rejects', () => {
		expect(() => secretManifest({ name: 'Node_1', type: 'Opaque', data: {} })).toThrow(/DNS-1123/);
		expect(() => secretManifest({ name: 'ok', type: 'Opaque', data: { 'a/b': 'x' } })).toThrow(/data key/);
	});

	test('Secret names: the base for one leaf, a DNS-1123 suffix per folder for several, positions when they clash', () => {
		expect(secretNames('n', ['node1'])).toEqual(['n']);
		expect(secretNames('n', ['node1', 'node2'])).toEqual(['n-node1', 'n-node2']);
		expect(secretNames('n', ['A_B', 'a-b'])).toEqual(['n-1', 'n-2']);
		expect(secretNames('n', ['', ''])).toEqual(['n-1', 'n-2']);
		expect(nameSuffix('Node_01.Lab')).toBe('node-01-lab');
		expect(nameSuffix('---')).toBe('x');
	});

	/** The Secrets of a secrets file, read back with js-yaml (the comment lines dropped). */
	const readBack = (specs: SecretSpec[]) => {
		const text = new TextDecoder().decode(secretsFile('demo', ['read by the demo chart'], specs).data as Uint8Array);
		return text.split('---\n').map((doc) => load(doc.replace(/^#.*\n/gm, '')));
	};

	test("a Secret written directly reads back as secretManifest's Secret, and as js-yaml's dump of it does, whatever the name", () => {
		const pem = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n');
		// DNS-1123 names that YAML would read as a number, a boolean or null if they were not quoted.
		for (const name of ['123', 'true', 'null', 'yes', 'on', '1e3', '0x10', '1.5', 'node-1']) {
			const spec: SecretSpec = { name, type: 'kubernetes.io/tls', data: { 'tls.crt': pem, 'tls.key': 'PEM text' } };
			const [read] = readBack([spec]);
			expect(read).toEqual(secretManifest(spec));
			expect(read).toEqual(load(dump(secretManifest(spec))));
			expect(secretProblems(read)).toEqual([]);
		}
	});

	test('the direct writer refuses a name, type or key it could not write safely, and encodes every value', () => {
		const good: SecretSpec = { name: 'a', type: 'Opaque', data: { 'ca.crt': 'x' } };
		expect(() => readBack([{ ...good, name: 'a"b' }])).toThrow(/DNS-1123/);
		expect(() => readBack([{ ...good, name: 'a\nkind: Evil' }])).toThrow(/DNS-1123/);
		expect(() => readBack([{ ...good, type: 'Opaque"\nx' as SecretSpec['type'] }])).toThrow(/Secret type/);
		expect(() => readBack([{ ...good, data: { 'a"': 'x' } }])).toThrow(/data key/);
		// A value is always base64-encoded here, so text that looks like YAML stays a value.
		const [read] = readBack([{ ...good, data: { 'ca.crt': 'x"\nkind: Evil' } }]);
		expect(read).toEqual(secretManifest({ ...good, data: { 'ca.crt': 'x"\nkind: Evil' } }));
		expect(() => readBack([{ ...good, data: { 'ca.crt': 'é' } }])).toThrow(/ASCII/);
	});

	test('a secrets file: the private-key warning, then one document per Secret', () => {
		const specs: SecretSpec[] = ['a', 'b'].map((name) => ({ name, type: 'Opaque', data: { 'ca.crt': 'x' } }));
		const file = secretsFile('demo', ['read by the demo chart'], specs);
		expect(file).toMatchObject({ path: 'kubernetes/demo-secrets.yaml', secret: true });
		const text = new TextDecoder().decode(file.data as Uint8Array);
		expect(text).toMatch(/^# This file holds PRIVATE KEYS\./);
		expect(text.split('\n---\n').length).toBe(2);
		expect(readBack(specs)).toEqual(specs.map(secretManifest));
	});
});
