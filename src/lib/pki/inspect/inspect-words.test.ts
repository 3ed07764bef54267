import { describe, expect, test } from 'vitest';
import { describeCompanion } from './companions';
import { validityInWords } from './dates';
import { formHostsWarning, isLoopback, loopbackWarning, onlyLoopback } from './loopback';
import { chainVerdict } from './verdict';
import type { VerifyResult } from '../verify/types';

const NOW = new Date('2024-12-03T12:00:00Z');

describe('dates in words', () => {
	test('expired: the date and how long ago, grouped by thousands', () => {
		expect(validityInWords(new Date('2020-01-01Z'), new Date('2021-01-01T00:00:00Z'), NOW)).toEqual({
			state: 'expired',
			words: 'expired on 2021-01-01 (1,432 days ago)'
		});
	});
	test('not valid yet, valid, and one day', () => {
		expect(validityInWords(new Date('2024-12-15T12:00:00Z'), new Date('2025-12-01Z'), NOW).words).toBe(
			'not valid until 2024-12-15 (in 12 days)'
		);
		expect(validityInWords(new Date('2024-01-01Z'), new Date('2024-12-04T13:00:00Z'), NOW).words).toBe(
			'valid until 2024-12-04 (1 day left)'
		);
		expect(validityInWords(new Date('2024-01-01Z'), new Date('2024-12-03T11:00:00Z'), NOW).words).toBe(
			'expired on 2024-12-03 (less than a day ago)'
		);
	});
});

describe('chain verdicts say time problems as time problems', () => {
	const view = (notAfter: string) => ({ validity: { notBefore: '2020-01-01T00:00:00Z', notAfter } });
	test('an expired certificate from a trusted CA is not called untrusted', () => {
		const result = {
			ok: false,
			names: ['node.crt', 'ca.crt'],
			chain: [view('2021-01-01T00:00:00Z'), view('2030-01-01T00:00:00Z')],
			steps: [
				{ check: 'trust', ok: true, reason: '' },
				{ check: 'validity', ok: false, certIndex: 0, code: 'expired', reason: '' }
			]
		} as unknown as VerifyResult;
		const v = chainVerdict(result, NOW);
		expect(v.words).toBe("expired on 2021-01-01 (1,432 days ago); its chain reaches the trusted 'ca.crt'");
		expect(v.words).not.toMatch(/not trusted/);
	});
	test('a missing issuer is a trust problem', () => {
		const result = {
			ok: false,
			names: ['node.crt'],
			chain: [view('2030-01-01T00:00:00Z')],
			steps: [{ check: 'chain', ok: false, certIndex: 0, code: 'issuer-not-found', reason: '' }]
		} as unknown as VerifyResult;
		expect(chainVerdict(result, NOW).words).toBe('not trusted: its issuer is missing');
	});
});

describe('loopback names', () => {
	test.each([
		['localhost', true],
		['db.localhost', true],
		['127.0.0.1', true],
		['127.8.9.10', true],
		['::1', true],
		['0:0:0:0:0:0:0:1', true],
		['10.0.0.5', false],
		['::2', false],
		['node1.example.com', false],
		['localhost.example.com', false]
	])('%s → %s', (host, loopback) => expect(isLoopback(host)).toBe(loopback));

	test('only a list made of loopback names alone is flagged; a multi-machine form warns', () => {
		expect(onlyLoopback(['localhost', '127.0.0.1', '::1'])).toBe(true);
		expect(onlyLoopback(['localhost', '10.0.0.5'])).toBe(false);
		expect(onlyLoopback([])).toBe(false);
		expect(loopbackWarning(['localhost', '127.0.0.1', '::1'], true)).toMatch(
			/Only this machine's own names \(localhost, 127\.0\.0\.1, ::1\).*other nodes dial this node by its address or name/
		);
		expect(loopbackWarning(['localhost'], false)).toBeUndefined();
		expect(loopbackWarning(['localhost', 'db1.example.com'], true)).toBeUndefined();
	});

	test("the CockroachDB node form's default hosts get the warning; real hosts and other fields do not", () => {
		expect(formHostsWarning('cockroachdb', 'hosts', 'localhost, 127.0.0.1, ::1')).toMatch(/other nodes dial this node/);
		expect(formHostsWarning('cockroachdb', 'hosts', 'localhost, 127.0.0.1\n10.0.0.5')).toBeUndefined();
		expect(formHostsWarning('cockroachdb', 'uiHosts', 'localhost')).toBeUndefined();
		expect(formHostsWarning('etcd', 'memberHosts', 'localhost')).toMatch(/Only this machine's own names/);
	});
});

describe('companion files are described, not counted', () => {
	test.each([
		['README.txt', /instructions/],
		['certs.zip › node1/README.txt', /instructions/],
		['lab.json', /lab definition/],
		['start-cockroach.sh', /start script/],
		['config/node1/consul.hcl', /Consul/],
		['node-1/sample-elasticsearch.yml', /Elasticsearch/],
		['.DS_Store', /file manager/]
	])('%s', (name, words) => expect(describeCompanion(name)).toMatch(words));
	test.each(['node.crt', 'node.key', 'ca.pem', 'bundle.p12', 'crl.der'])('%s is PKI data', (name) =>
		expect(describeCompanion(name)).toBeUndefined()
	);
});
