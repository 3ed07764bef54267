import { describe, expect, it } from 'vitest';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import { expiryBuckets, hierarchyGraph, hierarchyWords } from './pictures';

const now = new Date('2026-01-01T00:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);
const ca = (id: string, days: number, more: Partial<CaRecord> = {}) =>
	({ id, name: id, notAfter: inDays(days), ...more }) as CaRecord;
const cert = (caId: string) => ({ caId }) as CertificateRecord;

describe('hierarchyGraph', () => {
	it('links parents to what they signed, counts issuance and marks a cross-signed new root', () => {
		const cas = [
			ca('old', 20, { retiredAt: now }),
			ca('new', 3650, { supersedes: 'old', crossSignedDer: new Uint8Array(1) }),
			ca('inter', -2, { parentId: 'new' })
		];
		const graph = hierarchyGraph(cas, [cert('inter'), cert('inter'), cert('old')], now);
		expect(graph.edges).toEqual([
			{ from: 'old', to: 'new', kind: 'cross-signs' },
			{ from: 'new', to: 'inter', kind: 'signs' }
		]);
		expect(graph.nodes.map((n) => [n.id, n.kind, n.issued, n.status])).toEqual([
			['old', 'root', 1, 'expires-30'],
			['new', 'root', 1, 'valid'],
			['inter', 'intermediate', 2, 'expired']
		]);
		expect(hierarchyWords(graph)).toEqual([
			'old: Root CA; issued 1; 20 days left (expires within 30 days); retired.',
			'new: Root CA, cross-signed by old; issued 1; 3650 days left (valid).',
			'inter: Intermediate CA, signed by new; issued 2; expired 2 days ago (expired).'
		]);
	});

	it('draws a CA signed outside the vault under one outside node', () => {
		const graph = hierarchyGraph([ca('sub', 100, { chainDer: [new Uint8Array(1)] })], [], now);
		expect(graph.edges).toEqual([{ from: 'outside', to: 'sub', kind: 'signs' }]);
		expect(graph.nodes.map((n) => n.kind)).toEqual(['intermediate', 'outside']);
	});
});

describe('expiryBuckets', () => {
	it('groups expiries by month, soonest first, coloured by the worst and without revoked ones', () => {
		const buckets = expiryBuckets([
			{ name: 'b', notAfter: new Date('2026-03-20Z'), status: 'valid' },
			{ name: 'a', notAfter: new Date('2026-01-05Z'), status: 'expires-7' },
			{ name: 'c', notAfter: new Date('2026-03-02Z'), status: 'expires-30' },
			{ name: 'r', notAfter: new Date('2026-02-02Z'), status: 'revoked' }
		]);
		expect(buckets).toEqual([
			{ month: '2026-01', count: 1, status: 'expires-7', names: ['a'] },
			{ month: '2026-03', count: 2, status: 'expires-30', names: ['b', 'c'] }
		]);
	});
});
