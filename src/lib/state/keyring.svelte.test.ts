import { beforeAll, describe, expect, test } from 'vitest';
import type { CaRecord } from '../vault/schema';
import type { CreatedCa } from '../worker/protocol';
import { Keyring } from './keyring.svelte';
import { recordingWorker } from './testing/in-process-worker';
import { VaultChannel } from './vault-channel';

const NOW = new Date('2026-03-01T12:00:00Z');
const { worker } = recordingWorker(NOW);
const PASSPHRASE = 'correct horse battery staple';

const created: Record<string, CreatedCa> = {};

function record(id: string, extra: Partial<CaRecord> = {}): CaRecord {
	const ca = created[id]!;
	return {
		id,
		name: `${id} CA`,
		keyAlgorithm: 'P-256',
		certificateDer: ca.certificateDer,
		notBefore: ca.notBefore,
		notAfter: ca.notAfter,
		createdAt: NOW,
		sealedKey: ca.sealedKey,
		...extra
	};
}

beforeAll(async () => {
	for (const id of ['old', 'new', 'other'])
		created[id] = await worker.call({
			op: 'createCa',
			caId: id,
			name: `${id} CA`,
			keyAlgorithm: 'P-256',
			days: 365,
			passphrase: PASSPHRASE
		});
});

describe('Keyring', () => {
	test('lend refuses a locked CA with ca-locked and says what to unlock before what', () => {
		const keyring = new Keyring(worker, () => [record('old')]);
		expect(keyring.isUnlocked('old')).toBe(false);
		expect(() => keyring.lend('old', 'publishing a CRL')).toThrow(
			expect.objectContaining({
				code: 'ca-locked',
				field: 'form',
				message: 'Unlock old CA before publishing a CRL.'
			})
		);
	});

	test('an unlock keeps the key; lend gives the CA in its role with its key; lock drops it', async () => {
		const keyring = new Keyring(worker, () => [record('old', { locations: { crlUrl: 'http://x/crl' } })]);
		await keyring.unlock('old', PASSPHRASE);
		expect(keyring.isUnlocked('old')).toBe(true);
		expect(keyring.hasUnlocked).toBe(true);
		const lent = keyring.lend({ role: 'client', caId: 'old' }, 'issuing');
		expect(lent).toMatchObject({ role: 'client', id: 'old', name: 'old CA', locations: { crlUrl: 'http://x/crl' } });
		expect(lent.certificateDer).toBe(created.old!.certificateDer);
		expect(lent.privateKey).toBeInstanceOf(CryptoKey);
		expect(keyring.lend('old', 'issuing').role).toBe('ca');

		keyring.lock('old');
		expect(keyring.isUnlocked('old')).toBe(false);
		expect(keyring.hasUnlocked).toBe(false);
		expect(() => keyring.lend('old', 'issuing')).toThrow(expect.objectContaining({ code: 'ca-locked' }));
	});

	test('a wrong passphrase keeps the CA locked', async () => {
		const keyring = new Keyring(worker, () => [record('old')]);
		await expect(keyring.unlock('old', 'not the passphrase')).rejects.toMatchObject({ code: 'passphrase-wrong' });
		expect(keyring.isUnlocked('old')).toBe(false);
	});

	test('lend carries the rotation trust: the old root while it is not retired, and the cross-signed new root', () => {
		const crossSignedDer = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]);
		let cas = [record('old'), record('new', { supersedes: 'old', crossSignedDer })];
		const keyring = new Keyring(worker, () => cas);
		keyring.keep('new', created.new!.privateKey);
		const lent = keyring.lend('new', 'issuing');
		expect(lent.alsoTrustedDer).toEqual([created.old!.certificateDer]);
		expect(lent.crossSignedDer).toBe(crossSignedDer);
		// Once the rotation is complete, bundles carry the new root alone.
		cas = [record('old', { retiredAt: NOW }), cas[1]!];
		const after = keyring.lend('new', 'issuing');
		expect(after.alsoTrustedDer).toBeUndefined();
		expect(after.crossSignedDer).toBeUndefined();
	});

	test('a Lock in one tab locks the other tabs; lockAll(false) (auto-lock) stays in its tab', async () => {
		const name = `keyring-test-${crypto.randomUUID()}`;
		const [here, there] = [new VaultChannel(name), new VaultChannel(name)];
		const cas = () => [record('old'), record('other')];
		const a = new Keyring(worker, cas, here);
		const b = new Keyring(worker, cas, there);
		const delivered = () => new Promise((resolve) => setTimeout(resolve, 50));
		for (const keyring of [a, b]) {
			keyring.keep('old', created.old!.privateKey);
			keyring.keep('other', created.other!.privateKey);
		}

		a.lock('old');
		await delivered();
		expect([b.isUnlocked('old'), b.isUnlocked('other')]).toEqual([false, true]);

		a.lockAll(false);
		await delivered();
		expect([a.hasUnlocked, b.isUnlocked('other')]).toEqual([false, true]);

		a.lockAll(true);
		await delivered();
		expect(b.hasUnlocked).toBe(false);
		here.close();
		there.close();
	});
});
