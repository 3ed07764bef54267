import { describe, expect, test } from 'vitest';
import { getProfile, PROFILES } from '../profiles';
import { checkSystemLint, kindLintTargets, LINT_TARGETS, lintTarget } from './targets';
import { LINT_TARGET_LIST } from './target-list';

describe('lint targets, derived from the profiles', () => {
	test("the page's target list names exactly the targets that have rules", () => {
		expect(LINT_TARGETS.map((t) => ({ id: t.id, label: t.label }))).toEqual(LINT_TARGET_LIST.map((t) => ({ ...t })));
		for (const t of LINT_TARGETS) expect(new Set(t.rules.map((r) => r.id)).size, t.id).toBe(t.rules.length);
	});

	test('the picker lists each system in the registry order, then plain TLS, as before the profiles had folders', () => {
		expect(LINT_TARGET_LIST).toEqual([
			{ id: 'cockroachdb', label: 'CockroachDB' },
			{ id: 'elasticsearch-transport', label: 'Elasticsearch transport (node to node)' },
			{ id: 'elasticsearch-http', label: 'Elasticsearch HTTP (REST clients, Kibana)' },
			{ id: 'consul-agent', label: 'Consul agent TLS (RPC, verify_incoming/outgoing)' },
			{ id: 'consul-connect', label: 'Consul Connect (service mesh, SPIFFE)' },
			{ id: 'mariadb-client', label: 'MariaDB client (REQUIRE SUBJECT account)' },
			{ id: 'tls-server', label: 'Plain TLS server' },
			{ id: 'tls-client', label: 'Plain TLS client' }
		]);
		expect(() => lintTarget('nope')).toThrow('Unknown lint target nope');
	});

	test('every kind of every profile names the targets its certificates must pass', () => {
		for (const profile of PROFILES)
			for (const kind of Object.keys(profile.kinds))
				expect(kindLintTargets(profile.id, kind).length, `${profile.id}/${kind}`).toBeGreaterThan(0);
		expect(kindLintTargets('elasticsearch', 'http')).toEqual(['elasticsearch-http']);
		expect(kindLintTargets('postgresql', 'client')).toEqual(['tls-client']);
		expect(() => kindLintTargets('etcd', 'nope')).toThrow('Unknown kind nope of profile etcd');
	});

	test('a lint.ts that does not match its profile is refused, saying what is wrong', () => {
		const etcd = getProfile('etcd');
		expect(checkSystemLint(etcd, { rules: {}, kinds: { member: ['tls-server'], client: ['tls-client'] } })).toEqual([]);
		expect(checkSystemLint(etcd, { rules: { extra: [] }, kinds: { member: ['nope'], other: [] } })).toEqual([
			"its rules are for extra, its profile's lintTargets are none",
			'it must name the lint targets of every kind of its profile, and of no other',
			'kind member names unknown target nope',
			'kind other names no target'
		]);
		const cockroachdb = getProfile('cockroachdb');
		const kinds = { node: ['cockroachdb'], clientNode: ['cockroachdb'], client: ['cockroachdb'], ui: ['cockroachdb'] };
		expect(checkSystemLint(cockroachdb, { rules: { cockroachdb: [], 'tls-server': [] }, kinds })).toEqual([
			"its rules are for cockroachdb, tls-server, its profile's lintTargets are cockroachdb",
			'target tls-server is defined twice'
		]);
	});
});
