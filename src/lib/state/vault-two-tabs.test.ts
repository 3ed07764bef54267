import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { inProcessWorker } from '../testing/in-process-worker';
import { VaultCare } from './vault-care.svelte';
import { VaultState } from './vault.svelte';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const PASSPHRASE = 'correct horse battery staple';

/**
 * Two pages of the app on one vault, each with its own records and keyring, and no BroadcastChannel
 * between them: the other tab's message has not arrived yet, which is exactly when a write made from
 * what the page shows could undo the other tab's work.
 */
let a: VaultState;
let b: VaultState;
let caId: string;

beforeEach(async () => {
	indexedDB.deleteDatabase('offline-ca');
	const worker = inProcessWorker({ deps, kdfIterations: 1000 });
	a = new VaultState(worker, () => NOW);
	b = new VaultState(worker, () => NOW);
	await a.load();
	const ca = await a.ca.create({
		name: 'Tabs Root',
		keyAlgorithm: 'P-256',
		days: 365,
		passphrase: PASSPHRASE,
		passphraseConfirm: PASSPHRASE
	});
	caId = ca.id;
	await b.load();
	await b.keyring.unlock(caId, PASSPHRASE);
});

describe('two tabs on one vault', () => {
	test('both publish a CRL at once: one gets number 1, the other is refused and its CRL discarded', async () => {
		const results = await Promise.allSettled([a.revocation.publishCrl(caId, 7), b.revocation.publishCrl(caId, 7)]);
		const fulfilled = results.filter((r) => r.status === 'fulfilled');
		expect(fulfilled.map((r) => r.value.number)).toEqual([1]);
		const rejected = results.find((r) => r.status === 'rejected');
		expect(rejected?.reason).toMatchObject({ code: 'vault-conflict' });
		expect(String(rejected?.reason?.message)).toContain('publish again for the next number');
		await a.records.reload();
		expect(a.records.ca(caId).crl?.lastNumber).toBe(1);
		// The refused tab now shows the stored number, so its next CRL is number 2.
		const loser = results[0]!.status === 'rejected' ? a : b;
		expect(loser.records.ca(caId).crl?.lastNumber).toBe(1);
		expect((await loser.revocation.publishCrl(caId, 7)).number).toBe(2);
	});

	test("a CA change made in a tab that still shows the old record does not revert the other tab's passphrase change", async () => {
		const careA = new VaultCare(a.records, inProcessWorker({ deps, kdfIterations: 1000 }), undefined, () => NOW);
		const NEW = 'a brand new passphrase for the root';
		await careA.changePassphrase(caId, PASSPHRASE, NEW, NEW);
		const sealedByA = a.records.ca(caId).sealedKey;
		// Tab B has not heard of it and sets the CRL location from the record it shows.
		await expect(b.ca.setLocations(caId, { crlUrl: 'http://pki.example.internal/root.crl' })).rejects.toMatchObject({
			code: 'vault-conflict'
		});
		expect(b.records.notice).toBe('Tabs Root was changed in another tab; the view was refreshed.');
		await a.records.reload();
		expect(a.records.ca(caId).sealedKey.ciphertext).toEqual(sealedByA.ciphertext);
		expect(a.records.ca(caId).locations).toBeUndefined();
		// The refreshed view holds the new sealed key: done again, the change keeps it.
		await b.ca.setLocations(caId, { crlUrl: 'http://pki.example.internal/root.crl' });
		await a.records.reload();
		expect(a.records.ca(caId).sealedKey.ciphertext).toEqual(sealedByA.ciphertext);
		expect(a.records.ca(caId).locations?.crlUrl).toBe('http://pki.example.internal/root.crl');
		await a.keyring.unlock(caId, NEW);
	});
});
