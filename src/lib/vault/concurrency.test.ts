import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { randomSerialHex } from '../pki/serial';
import type { CertificateRecord } from './schema';
import { VaultStore } from './store';

/**
 * Two tabs are two IndexedDB connections to one database. Each issuance is one readwrite transaction
 * of `add`s keyed `${caId}:${serial}`: IndexedDB runs overlapping readwrite transactions on a store one
 * after the other (W3C IndexedDB 3.0 §2.7.2), and `add` never overwrites (§5.7 "no-overwrite"), so a
 * record can be refused but never silently lost.
 */
const record = (caId: string, serialHex: string, tab: string): CertificateRecord => ({
	id: `${caId}:${serialHex}`,
	caId,
	serialHex,
	subject: `CN=${tab}`,
	sans: [],
	profileId: 'cockroachdb',
	kindId: 'node',
	folder: tab,
	certFile: 'node.crt',
	notBefore: new Date('2026-01-01T00:00:00Z'),
	notAfter: new Date('2027-01-01T00:00:00Z'),
	issuedAt: new Date('2026-01-01T00:00:00Z')
});

describe('two tabs issuing at once', () => {
	test('every record of both tabs is kept, serials are distinct', async () => {
		const name = `two-tabs-${Math.random()}`;
		const [tabA, tabB] = await Promise.all([VaultStore.open(name), VaultStore.open(name)]);
		const batch = (tab: string) =>
			Array.from({ length: 20 }, () => record('ca', randomSerialHex(globalThis.crypto), tab));
		const batchesA = Array.from({ length: 10 }, () => batch('a'));
		const batchesB = Array.from({ length: 10 }, () => batch('b'));
		// Interleaved, all in flight at once.
		await Promise.all(batchesA.flatMap((a, i) => [tabA.addCertificates(a), tabB.addCertificates(batchesB[i]!)]));
		const stored = await tabA.listCertificates();
		expect(stored).toHaveLength(400);
		expect(new Set(stored.map((r) => r.serialHex)).size).toBe(400);
		expect(stored.filter((r) => r.folder === 'b')).toHaveLength(200);
		tabA.close();
		tabB.close();
	});

	test('a serial collision is refused in the losing tab, never overwrites the first record', async () => {
		const name = `two-tabs-${Math.random()}`;
		const [tabA, tabB] = await Promise.all([VaultStore.open(name), VaultStore.open(name)]);
		const results = await Promise.allSettled([
			tabA.addCertificates([record('ca', '7f01', 'a')]),
			tabB.addCertificates([record('ca', '7f01', 'b')])
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const stored = await tabB.listCertificates();
		expect(stored).toHaveLength(1);
		const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
		expect(stored[0]?.folder).toBe(winner);
		tabA.close();
		tabB.close();
	});
});
