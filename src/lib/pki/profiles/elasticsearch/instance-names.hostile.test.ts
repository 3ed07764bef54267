import { describe, expect, test } from 'vitest';
import { createRootCa } from '../../ca';
import type { PkiDeps } from '../../deps';
import { parseDistinguishedName } from '../../dn';
import { prepareLeaf } from '../../issue/prepare';
import { parseHost } from '../../names';
import { parseInstancesYml } from '../../parse/instances-yml';
import { elasticsearchSnippets } from './snippets';

/**
 * Names that become config: an instances.yml name holding a newline (a second line of
 * elasticsearch.yml), and control or bidi characters in names, file names and DNs. Each is refused
 * with the field, the character as U+XXXX and the rule.
 */

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date('2026-03-01T12:00:00Z') };
const INJECTED = 'xpack.security.enabled: false';

function problems(yml: string): string[] {
	const result = parseInstancesYml(yml);
	return result.ok ? [] : result.problems.map((p) => p.message);
}

describe('hostile instances.yml names', () => {
	test('a name holding a newline (with a valid filename) is refused, naming U+000A', () => {
		const yml = `instances:\n  - name: "node-1\\n${INJECTED}"\n    filename: "node-1"\n    dns: [ "node1.lab" ]\n`;
		expect(problems(yml)).toEqual([
			expect.stringContaining(
				'Instance name "node-1<U+000A>xpack.security.enabled: false": U+000A (a line break) is not allowed'
			)
		]);
	});

	test('a name with a right-to-left override is refused', () => {
		const yml = `instances:\n  - name: "node\\u202E1"\n    filename: "node-1"\n    dns: [ "node1.lab" ]\n`;
		expect(problems(yml)).toEqual([expect.stringContaining('U+202E (a right-to-left override) is not allowed')]);
	});

	test('a cn entry holding a left-to-right isolate is refused', () => {
		const yml = `instances:\n  - name: "node-1"\n    dns: [ "node1.lab" ]\n    cn: [ "a\\u2066b" ]\n`;
		expect(problems(yml)).toEqual([expect.stringContaining('U+2066 (a left-to-right isolate) is not allowed')]);
	});

	test('the form refuses the same name before anything is issued', () => {
		const input = { nodeName: `node-1\n${INJECTED}`, nodeFilename: 'node-1', nodeDns: 'localhost', nodeIp: '' };
		expect(() =>
			prepareLeaf(
				{ profileId: 'elasticsearch', kindId: 'transport', input, days: 30, keyAlgorithm: 'P-256' },
				{ name: 'CA', notBefore: new Date(0), notAfter: new Date('2030-01-01') },
				deps
			)
		).toThrow(expect.objectContaining({ code: 'name-character-forbidden', field: 'nodeName' }));
	});

	test('sample-elasticsearch.yml quotes the node name, so even a name past the policy adds no line', () => {
		const [snippet] = elasticsearchSnippets({
			caName: 'CA',
			format: 'pem',
			roles: [],
			folders: [
				{
					folder: '',
					leaves: [
						{
							kindId: 'transport',
							commonName: `node-1\n${INJECTED}`,
							sans: [],
							files: { cert: 'my node #1/my node #1.crt', key: 'my node #1/my node #1.key' }
						}
					]
				}
			]
		});
		const lines = snippet?.text.split('\n') ?? [];
		expect(lines).not.toContain(INJECTED);
		expect(lines[0]).toBe(`# elasticsearch.yml settings for node "node-1\\n${INJECTED}", made by Offline CA.`);
		// '#' after a space starts a YAML comment: a file name holding one is written as a quoted scalar.
		expect(lines).toContain('xpack.security.transport.ssl.key: "certs/my node #1/my node #1.key"');
	});
});

describe('control and bidi characters in DNs, SANs and CA names', () => {
	test.each([
		['CN=node\u202E1,O=Example', 'U+202E (a right-to-left override)'],
		['CN=node-1,O=Exa\u0000mple', 'U+0000 (a NUL)'],
		['CN=node-1,OU=a\u200bb', 'U+200B (a zero-width space)']
	])('the DN %j is refused, naming %s', (dn, words) => {
		expect(() => parseDistinguishedName(dn, 'nodeName')).toThrow(
			expect.objectContaining({
				code: 'name-character-forbidden',
				field: 'nodeName',
				message: expect.stringContaining(`${words} is not allowed`)
			})
		);
	});

	test('a locality may be 128 characters (ub-locality-name), a CN only 64 (ub-common-name)', () => {
		expect(parseDistinguishedName(`CN=a,L=${'l'.repeat(128)}`, 'f')).toHaveLength(2);
		expect(() => parseDistinguishedName(`CN=${'c'.repeat(65)}`, 'f')).toThrow(
			expect.objectContaining({
				message: expect.stringContaining('CN takes at most 64 characters (RFC 5280 Appendix A.1)')
			})
		);
	});

	test('a host with a right-to-left override is refused naming the character, not as a mere bad host name', () => {
		expect(() => parseHost('web\u202ecod.lab', 'hosts')).toThrow(
			expect.objectContaining({
				code: 'name-character-forbidden',
				message: expect.stringContaining('Host "web<U+202E>cod.lab": U+202E (a right-to-left override) is not allowed')
			})
		);
	});

	test('a CA name with a right-to-left override is refused', async () => {
		await expect(createRootCa({ name: 'Lab \u202eRoot', keyAlgorithm: 'P-256', days: 30 }, deps)).rejects.toThrow(
			expect.objectContaining({ code: 'name-character-forbidden', field: 'name' })
		);
	});
});
