import { describe, expect, test } from 'vitest';
import { formatProblem, parseInstancesYml } from './instances-yml';

/** The example of elasticsearch-certutil's documentation ("Using elasticsearch-certutil in silent mode"). */
const GOOD = `instances:
  - name: "node1"
    ip:
      - "192.0.2.1"
    dns:
      - "node1.mydomain.com"
  - name: "node2"
    ip:
      - "192.0.2.2"
      - "198.51.100.1"
  - name: "node3"
  - name: "CN=node4,OU=search,O=Example"
    filename: "node4"
    dns: [ "node4.mydomain.com" ]
    cn: [ "node4.cluster" ]
`;

function problems(yml: string): string[] {
	const result = parseInstancesYml(yml);
	if (result.ok) throw new Error('expected problems');
	return result.problems.map(formatProblem);
}

describe('instances.yml (elasticsearch-certutil --in)', () => {
	test('reads names, filenames (defaulting to the name), ip, dns and cn lists with their lines', () => {
		const result = parseInstancesYml(
			GOOD.replace('  - name: "node3"\n', '  - name: "node3"\n    dns: node3.mydomain.com\n')
		);
		expect(result).toEqual({
			ok: true,
			instances: [
				{ name: 'node1', filename: 'node1', ip: ['192.0.2.1'], dns: ['node1.mydomain.com'], cn: [], line: 2 },
				{ name: 'node2', filename: 'node2', ip: ['192.0.2.2', '198.51.100.1'], dns: [], cn: [], line: 7 },
				{ name: 'node3', filename: 'node3', ip: [], dns: ['node3.mydomain.com'], cn: [], line: 11 },
				{
					name: 'CN=node4,OU=search,O=Example',
					filename: 'node4',
					ip: [],
					dns: ['node4.mydomain.com'],
					cn: ['node4.cluster'],
					line: 13
				}
			]
		});
	});

	test('an instance without any DNS name or IP address is refused (verification_mode: full needs one)', () => {
		expect(problems(GOOD)).toEqual([
			"line 11, instances[2]: Give at least one DNS name or IP address: with verification_mode: full each node checks the other's address against them."
		]);
	});

	test('every problem names its line and field, all at once', () => {
		const yml = `instances:
  - name: "node1"
    ip: [ "10.0.0.1" ]
  - name: "ca"
    ip: [ "10.0.0.2" ]
  - name: "node3"
    ip:
      - "10.0.0.300"
      - "fe80::1::2"
    dns: [ "bad_name.example", "10.0.0.9" ]
  - name: "node4"
    filename: ".hidden"
    ip: [ "10.0.0.4" ]
    port: 9300
  - filename: "node5"
  - name: "node6"
    filename: "node1"
    ip: 10
`;
		expect(problems(yml)).toEqual([
			'line 4, instances[1].name: "ca" may not be used as an instance name: the bundle keeps the CA certificate in ca/.',
			'line 8, instances[2].ip[0]: "10.0.0.300" is not an IPv4 address: "300" is not a number from 0 to 255.',
			'line 9, instances[2].ip[1]: "fe80::1::2" is not an IPv6 address: "::" may appear only once.',
			'line 10, instances[2].dns[0]: "bad_name.example" is not a valid host name: "bad_name" may contain only letters, digits and hyphens.',
			'line 10, instances[2].dns[1]: "10.0.0.9" is an IP address, not a DNS name: list it under the IP addresses.',
			expect.stringMatching(/^line 12, instances\[3\]\.filename: "\.hidden" is not a valid file name\. Use letters/),
			'line 14, instances[3].port: Unknown key "port": an instance has name, filename, ip, dns and cn.',
			'line 15, instances[4].name: Every instance needs a name.',
			'line 18, instances[5].ip: Must be text; put quotes around 10.'
		]);
	});

	test('two instances with the same filename would overwrite each other', () => {
		const yml =
			'instances:\n  - name: a\n    ip: [ "10.0.0.1" ]\n  - name: b\n    filename: a\n    ip: [ "10.0.0.2" ]\n';
		expect(problems(yml)).toEqual([
			'line 4, instances[1].filename: "a" is already the folder of instances[0]: every instance needs its own filename.'
		]);
	});

	test('a name that is not a valid file name needs a filename; a DN with an unknown attribute is refused', () => {
		expect(problems('instances:\n  - name: "node/1"\n    ip: [ "10.0.0.1" ]\n')).toEqual([
			expect.stringMatching(
				/^line 2, instances\[0\]\.filename: The name "node\/1" is not a valid file name, so give a filename\./
			)
		]);
		expect(problems('instances:\n  - name: "CN=n1,DC=example"\n    filename: n1\n    ip: [ "10.0.0.1" ]\n')).toEqual([
			'line 2, instances[0].name: "CN=n1,DC=example" is not a distinguished name Elasticsearch\'s tools accept: "DC" is not one of CN, O, OU, L, ST or C.'
		]);
	});

	test('broken YAML, a missing instances list and unknown top-level keys', () => {
		expect(problems('instances:\n  - name: "node1\n')).toEqual([
			expect.stringMatching(/^line 2: This is not valid YAML: /)
		]);
		expect(problems('nodes:\n  - name: node1\n')).toEqual([
			'line 1: The file must have a top-level "instances:" list, as elasticsearch-certutil --in expects.'
		]);
		expect(problems('instances: []\n')).toEqual([
			'line 1, instances: Must be a list of instances, each starting with "- name: ...".'
		]);
		expect(problems('instances:\n  - name: n\n    ip: [ "10.0.0.1" ]\nextra: 1\n')).toEqual([
			'line 4, extra: Unknown top-level key "extra": only "instances" is allowed.'
		]);
		expect(problems('instances:\n  - name: a\n    name: b\n')).toEqual([
			'line 3: This is not valid YAML: duplicated mapping key'
		]);
		expect(problems('instances:\n  - name: a\n---\ninstances: []\n')).toEqual([
			'line 1: The file holds more than one YAML document (a second "---"); an instances.yml is one.'
		]);
		expect(problems('# nothing yet\n')).toEqual([
			'line 1: The file must have a top-level "instances:" list, as elasticsearch-certutil --in expects.'
		]);
	});

	test('aliases are refused at their line; anchors, tags and empty values keep their lines', () => {
		expect(problems('instances:\n  - name: a\n    dns: &d [ "a.lab" ]\n  - name: b\n    dns: *d\n')).toEqual([
			'line 5: The alias *d is not supported here: write the value out in full.'
		]);
		// !!str makes 10 text, as quotes would; an empty filename falls back to the name, and an empty
		// list item is reported on the line of its list.
		const result = parseInstancesYml('instances:\n  - name: !!str 10\n    filename:\n    ip: &first [ "10.0.0.1" ]\n');
		expect(result).toEqual({
			ok: true,
			instances: [{ name: '10', filename: '10', ip: ['10.0.0.1'], dns: [], cn: [], line: 2 }]
		});
		expect(problems('instances:\n  - name: a\n    ip:\n      -\n      - "10.0.0.1"\n')).toEqual([
			'line 4, instances[0].ip[0]: Must be text.'
		]);
	});
});
