import 'fake-indexeddb/auto';
import { describe, expect, test, vi } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { inProcessWorker } from '../testing/in-process-worker';
import { sealBackup } from '../vault/backup-file';
import { VaultCare } from './vault-care.svelte';
import { VaultState } from './vault.svelte';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const worker = inProcessWorker({ deps, kdfIterations: 1000 });
const PASSPHRASE = 'correct horse battery staple';

describe('restore as a preview', () => {
	test('a file larger than any backup is refused by its size, before a byte of it is read', async () => {
		const vault = new VaultState(worker, () => NOW);
		await vault.load();
		const care = new VaultCare(vault.records, worker, undefined, () => NOW);
		const arrayBuffer = vi.fn(() => Promise.resolve(new ArrayBuffer(0)));
		const file = { size: 3 * 1024 ** 3, arrayBuffer } as unknown as Blob;
		await expect(care.previewRestore(file, 'any passphrase')).rejects.toMatchObject({
			code: 'backup-too-large',
			field: 'backupFile'
		});
		expect(arrayBuffer).not.toHaveBeenCalled();
	});

	test('the preview names what would be added and writes nothing; confirming writes it', async () => {
		// A vault elsewhere with one CA, one certificate revoked, backed up.
		indexedDB.deleteDatabase('offline-ca');
		const source = new VaultState(worker, () => NOW);
		await source.load();
		await source.ca.create({
			name: 'Preview Root',
			keyAlgorithm: 'P-256',
			days: 365,
			passphrase: PASSPHRASE,
			passphraseConfirm: PASSPHRASE
		});
		const file = await sealBackup(
			await source.records.dumpForBackup(),
			'backup words for the test',
			deps.crypto,
			NOW,
			1000
		);
		indexedDB.deleteDatabase('offline-ca');
		const target = new VaultState(worker, () => NOW);
		await target.load();
		const care = new VaultCare(target.records, worker, undefined, () => NOW);
		const pending = await care.previewRestore(new Blob([file]), 'backup words for the test');
		expect(pending.preview).toMatchObject({
			newCas: [{ name: 'Preview Root' }],
			keptCas: [],
			newCertificates: 0,
			newRevocations: 0
		});
		await target.records.reload();
		expect(target.records.cas).toEqual([]);
		const report = await care.confirmRestore(pending);
		expect(report['cas']).toEqual({ added: 1, kept: 0 });
		expect(target.records.cas.map((c) => c.name)).toEqual(['Preview Root']);
	});
});
