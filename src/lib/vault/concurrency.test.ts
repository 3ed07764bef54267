import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { randomSerialHex } from '../pki/serial';
import type { CaRecord, CertificateRecord } from './schema';
import { sealPrivateKey } from './seal';
import { VaultStore } from './store';

/**
 * Two tabs are two IndexedDB connections to one database. Each issuance is one readwrite transaction
 * of `add`s keyed `${caId}:${serial}`: IndexedDB runs overlapping readwrite transactions on a store one
 * after the other (W3C IndexedDB 3.0 §2.7.2), and `add` never overwrites (§5.7 "no-overwrite"), so a
 * record can be refused but never silently lost.
 */
const NOW = new Date('2026-03-01T12:00:00Z');

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

/**
 * A CA record is written by compare and set (VaultStore.updateCa, commitCrlNumber, replaceSealedKey):
 * each tab re-reads the record in its write transaction, so a change made from a stale copy is refused
 * instead of silently undoing the other tab's change.
 */
describe('two tabs changing one CA', () => {
	async function twoTabsWithCa(): Promise<[VaultStore, VaultStore, CaRecord]> {
		const name = `two-tabs-${Math.random()}`;
		const [tabA, tabB] = await Promise.all([VaultStore.open(name), VaultStore.open(name)]);
		const keys = await generateKeyPair('P-256', globalThis.crypto, true);
		const ca: CaRecord = {
			id: 'ca',
			name: 'Shared CA',
			keyAlgorithm: 'P-256',
			certificateDer: new Uint8Array([0x30, 0x00]),
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2036-01-01T00:00:00Z'),
			createdAt: new Date('2026-01-01T00:00:00Z'),
			sealedKey: await sealPrivateKey(keys.privateKey, 'old passphrase words', 'ca', globalThis.crypto, 1000)
		};
		await tabA.addCa(ca);
		return [tabA, tabB, ca];
	}

	test('a CA update made from a stale copy does not revert a passphrase change made in the other tab', async () => {
		const [tabA, tabB, ca] = await twoTabsWithCa();
		const seenByA = (await tabA.getCa(ca.id))!;
		// Tab B changes the passphrase: a new sealed key.
		const resealed = await sealPrivateKey(
			(await generateKeyPair('P-256', globalThis.crypto, true)).privateKey,
			'new passphrase words here',
			ca.id,
			globalThis.crypto,
			1000
		);
		await tabB.replaceSealedKey(ca.id, ca.sealedKey, resealed, NOW);
		// Tab A, still showing the CA as it was, sets its CRL location.
		await expect(
			tabA.updateCa({ ...seenByA, locations: { crlUrl: 'http://pki.example/ca.crl' } }, NOW)
		).rejects.toMatchObject({ code: 'vault-conflict' });
		const stored = (await tabB.getCa(ca.id))!;
		expect(stored.sealedKey.ciphertext).toEqual(resealed.ciphertext);
		expect(stored.locations).toBeUndefined();
		// Made again from the current record, the update goes through and keeps the new passphrase.
		const again = await tabA.updateCa({ ...stored, locations: { crlUrl: 'http://pki.example/ca.crl' } }, NOW);
		expect(again.revision).toBe((stored.revision ?? 0) + 1);
		expect((await tabB.getCa(ca.id))?.sealedKey.ciphertext).toEqual(resealed.ciphertext);
		tabA.close();
		tabB.close();
	});

	test('two tabs that signed the same CRL number cannot both store it', async () => {
		const [tabA, tabB, ca] = await twoTabsWithCa();
		const [seenByA, seenByB] = [(await tabA.getCa(ca.id))!, (await tabB.getCa(ca.id))!];
		const next = (seen: CaRecord) => ({ lastNumber: (seen.crl?.lastNumber ?? 0) + 1, lastIssuedAt: NOW });
		// As the app stored a signed CRL's number: an update of the CA record each tab read.
		const results = await Promise.allSettled([
			tabA.updateCa({ ...seenByA, crl: next(seenByA) }, NOW),
			tabB.updateCa({ ...seenByB, crl: next(seenByB) }, NOW)
		]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect((await tabA.getCa(ca.id))?.crl?.lastNumber).toBe(1);
		// The number itself is compared too: a second CRL number 1 is refused whatever revision it came from.
		await expect(tabB.commitCrlNumber(ca.id, { lastNumber: 1, lastIssuedAt: NOW }, NOW)).rejects.toMatchObject({
			code: 'vault-conflict'
		});
		const numbers = await Promise.allSettled([
			tabA.commitCrlNumber(ca.id, { lastNumber: 2, lastIssuedAt: NOW }, NOW),
			tabB.commitCrlNumber(ca.id, { lastNumber: 2, lastIssuedAt: NOW }, NOW)
		]);
		expect(numbers.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect((await tabB.getCa(ca.id))?.crl?.lastNumber).toBe(2);
		tabA.close();
		tabB.close();
	});
});
