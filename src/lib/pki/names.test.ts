import { describe, expect, test } from 'vitest';
import { PkiError } from './errors';
import { normalizeCockroachUsername, parseHosts, splitList } from './names';

function errorOf(fn: () => unknown): PkiError {
	try {
		fn();
	} catch (e) {
		if (e instanceof PkiError) return e;
		throw e;
	}
	throw new Error('expected a PkiError');
}

describe('parseHosts', () => {
	test('splits on commas, spaces and newlines and classifies each entry', () => {
		expect(parseHosts('node1.example.internal, 10.0.0.5\n::1  [fe80::1]')).toEqual([
			{ type: 'dns', value: 'node1.example.internal' },
			{ type: 'ip', value: '10.0.0.5' },
			{ type: 'ip', value: '::1' },
			{ type: 'ip', value: 'fe80::1' }
		]);
	});

	test('canonicalises IPv6 (RFC 5952) and drops duplicates', () => {
		expect(parseHosts('2001:DB8:0:0:0:0:0:1 2001:db8::1 ::ffff:10.0.0.1')).toEqual([
			{ type: 'ip', value: '2001:db8::1' },
			{ type: 'ip', value: '::ffff:a00:1' }
		]);
	});

	test('lower-cases DNS names and accepts a leading wildcard', () => {
		expect(parseHosts('Node1.Lab.INTERNAL *.lab.internal localhost.')).toEqual([
			{ type: 'dns', value: 'node1.lab.internal' },
			{ type: 'dns', value: '*.lab.internal' },
			{ type: 'dns', value: 'localhost' }
		]);
	});

	test.each([
		['', 'host-empty', /at least one host/],
		[' ,\n ', 'host-empty', /at least one host/],
		['10.0.0.256', 'ip-invalid', /"256" is not a number from 0 to 255/],
		['10.0.0', 'ip-invalid', /four numbers/],
		['10.0.0.05', 'ip-invalid', /"05"/],
		['1::2::3', 'ip-invalid', /only once/],
		['fe80::1%eth0', 'ip-invalid', /zone/],
		['12345::1', 'ip-invalid', /1 to 4 hex digits/],
		['node_1.lab', 'host-invalid', /letters, digits and hyphens/],
		['-node.lab', 'host-invalid', /starts or ends with a hyphen/],
		['a..b', 'host-invalid', /empty label/],
		[`${'a'.repeat(64)}.lab`, 'host-invalid', /longer than 63/]
	])('refuses %j with %s', (input, code, message) => {
		const error = errorOf(() => parseHosts(input));
		expect(error.code).toBe(code);
		expect(error.field).toBe('hosts');
		expect(error.message).toMatch(message);
	});

	test('splitList ignores empty entries', () => {
		expect(splitList(' a,,b \n c ')).toEqual(['a', 'b', 'c']);
	});
});

describe('normalizeCockroachUsername (pkg/security/username/username.go)', () => {
	test.each([
		['root', 'root'],
		['Marc', 'marc'],
		['_svc.reporting-1', '_svc.reporting-1'],
		['123.-456', '123.-456'],
		['émilie', 'émilie']
	])('accepts %j as %j', (input, expected) => {
		expect(normalizeCockroachUsername(input)).toBe(expected);
	});

	test.each([
		['', /Enter a SQL user name/],
		['-marc', /starts with "-"/],
		['.marc', /starts with "\."/],
		['marc smith', /contains " "/],
		['marc@example', /contains "@"/],
		['a'.repeat(64), /too long/],
		['é'.repeat(32), /too long/]
	])('refuses %j, naming the rule', (input, message) => {
		const error = errorOf(() => normalizeCockroachUsername(input));
		expect(error.code).toBe('username-invalid');
		expect(error.field).toBe('username');
		expect(error.message).toMatch(message);
		expect(error.message).toMatch(/must start with a letter, digit or underscore/);
	});
});
