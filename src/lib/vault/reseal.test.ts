import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { resealPrivateKey } from './reseal';
import { sealPrivateKey, unsealPrivateKey } from './seal';
import type { CaRecord } from './schema';
import { VaultStore } from './store';

const crypto = globalThis.crypto;
const OLD = 'old passphrase here';
const NEW = 'brand new passphrase';

async function setup() {
	const keys = await generateKeyPair('P-256', crypto, true);
	const record: CaRecord = {
		id: 'ca',
		name: 'CA',
		keyAlgorithm: 'P-256',
		certificateDer: new Uint8Array([0x30, 0x00]),
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter: new Date('2036-01-01T00:00:00Z'),
		createdAt: new Date('2026-01-01T00:00:00Z'),
		sealedKey: await sealPrivateKey(keys.privateKey, OLD, 'ca', crypto, 1000)
	};
	const store = await VaultStore.open(`reseal-${Math.random()}`);
	await store.addCa(record);
	return { keys, record, store };
}

async function signs(key: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
	const data = new Uint8Array([1, 2, 3]);
	const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
	return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, sig, data);
}

describe('change passphrase', () => {
	test('the same key, sealed under the new passphrase only, replaced in the store', async () => {
		const { keys, record, store } = await setup();
		const next = await resealPrivateKey(record.sealedKey, OLD, NEW, 'ca', 'P-256', crypto, 1000);
		expect(next.kdf.salt).not.toEqual(record.sealedKey.kdf.salt);
		const now = new Date('2026-02-02T00:00:00Z');
		await store.replaceSealedKey('ca', record.sealedKey, next, now);
		const stored = (await store.getCa('ca'))!;
		expect(stored.sealedKey).toEqual(next);
		expect((await store.getMeta()).lastCaChangeAt).toEqual(now);
		const opened = await unsealPrivateKey(stored.sealedKey, NEW, 'ca', 'P-256', crypto);
		expect(await signs(opened, keys.publicKey)).toBe(true);
		await expect(unsealPrivateKey(stored.sealedKey, OLD, 'ca', 'P-256', crypto)).rejects.toMatchObject({
			code: 'passphrase-wrong'
		});
		store.close();
	});

	test('a wrong old passphrase is refused and nothing changes', async () => {
		const { record, store } = await setup();
		await expect(
			resealPrivateKey(record.sealedKey, 'not the old one', NEW, 'ca', 'P-256', crypto, 1000)
		).rejects.toMatchObject({
			code: 'passphrase-wrong',
			field: 'oldPassphrase'
		});
		expect(await store.getCa('ca')).toEqual(record);
		store.close();
	});

	test('a re-seal based on a stale copy (changed in another tab) is refused', async () => {
		const { record, store } = await setup();
		const first = await resealPrivateKey(record.sealedKey, OLD, NEW, 'ca', 'P-256', crypto, 1000);
		await store.replaceSealedKey('ca', record.sealedKey, first, new Date());
		const stale = await resealPrivateKey(record.sealedKey, OLD, 'third passphrase x', 'ca', 'P-256', crypto, 1000);
		await expect(store.replaceSealedKey('ca', record.sealedKey, stale, new Date())).rejects.toMatchObject({
			code: 'vault-conflict'
		});
		expect((await store.getCa('ca'))?.sealedKey).toEqual(first);
		store.close();
	});
});
