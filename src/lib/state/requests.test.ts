import { describe, expect, test } from 'vitest';
import { cockroachdb } from '../pki/profiles/cockroachdb';
import { certsRequest, leafRequests } from './requests';

const common = { days: 30, keyAlgorithm: 'P-256' as const };
const all = { node: true, clientNode: false, client: true, ui: true };

describe('profile form requests', () => {
	test('a certs-dir with node, one certificate per SQL user, and ui', () => {
		const { folders, zipName } = certsRequest(
			cockroachdb,
			{ ...common, selected: all, values: { hosts: 'db1', users: 'root, marc', uiHosts: 'console' } },
			'Lab CA'
		);
		expect(zipName).toBe('cockroachdb-certs-lab-ca.zip');
		expect(folders).toHaveLength(1);
		const field = { node: 'hosts', client: 'users', ui: 'uiHosts' } as Record<string, string>;
		expect(folders[0]?.leaves.map((l) => [l.kindId, l.index, l.input[field[l.kindId] ?? '']])).toEqual([
			['node', 0, 'db1'],
			['client', 0, 'root'],
			['client', 1, 'marc'],
			['ui', 0, 'console']
		]);
	});

	test('each error names the field it belongs to', () => {
		const values = { hosts: 'db1', users: 'root', uiHosts: 'console' };
		expect(() =>
			leafRequests(cockroachdb, { ...common, selected: all, values: { ...values, uiHosts: '1.2.3.999' } })
		).toThrow(expect.objectContaining({ code: 'ip-invalid', field: 'uiHosts' }));
		expect(() =>
			leafRequests(cockroachdb, { ...common, selected: all, values: { ...values, users: 'root -marc' } })
		).toThrow(expect.objectContaining({ code: 'username-invalid', field: 'users' }));
		expect(() => leafRequests(cockroachdb, { ...common, selected: all, values: { ...values, users: ' ' } })).toThrow(
			expect.objectContaining({ field: 'users' })
		);
	});

	test('unticked kinds are skipped, and nothing chosen is refused', () => {
		expect(
			leafRequests(cockroachdb, { ...common, selected: { node: true }, values: { hosts: 'db1', users: '-bad' } }).map(
				(l) => l.kindId
			)
		).toEqual(['node']);
		expect(() => leafRequests(cockroachdb, { ...common, selected: {}, values: {} })).toThrow(
			/Choose at least one certificate/
		);
	});
});
