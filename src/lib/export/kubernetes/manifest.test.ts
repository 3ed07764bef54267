import { load } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { secretProblems } from '../../testing/kubernetes-secrets';
import { nameSuffix, secretManifest, secretNames, yamlFile } from './manifest';

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
});
