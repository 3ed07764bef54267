import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { nodeCertificateRecord } from '../testing/vault-records';
import { DB_VERSION, type CaRecord } from './schema';
import { sealPrivateKey } from './seal';
import { VaultStore } from './store';

let dbCounter = 0;
const freshName = () => `vault-test-${++dbCounter}`;

async function caRecord(id: string): Promise<CaRecord> {
	const keys = await generateKeyPair('P-256', globalThis.crypto, true);
	return {
		id,
		name: `CA ${id}`,
		keyAlgorithm: 'P-256',
		certificateDer: new Uint8Array([0x30, 0x00]),
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter: new Date('2036-01-01T00:00:00Z'),
		createdAt: new Date(`2026-01-0${id.length}T00:00:00Z`),
		sealedKey: await sealPrivateKey(keys.privateKey, 'correct horse battery', id, globalThis.crypto, 1000)
	};
}

describe('VaultStore', () => {
	test('a CA round-trips with its sealed key, and the schema version is recorded', async () => {
		const name = freshName();
		const store = await VaultStore.open(name);
		const record = await caRecord('a');
		await store.addCa(record);
		store.close();

		const reopened = await VaultStore.open(name);
		const [stored] = await reopened.listCas();
		expect(stored).toEqual(record);
		expect(stored?.sealedKey.ciphertext).toBeInstanceOf(Uint8Array);
		reopened.close();

		const raw = await openDB(name);
		expect(raw.version).toBe(DB_VERSION);
		expect([...raw.objectStoreNames].sort()).toEqual(['cas', 'certificates', 'meta']);
		raw.close();
	});

	test('the CA record holds no plaintext key material', async () => {
		const store = await VaultStore.open(freshName());
		const record = await caRecord('b');
		await store.addCa(record);
		const stored = await store.getCa('b');
		expect(Object.keys(stored ?? {}).sort()).toEqual([
			'certificateDer',
			'createdAt',
			'id',
			'keyAlgorithm',
			'name',
			'notAfter',
			'notBefore',
			'sealedKey'
		]);
		expect(Object.keys(stored?.sealedKey ?? {}).sort()).toEqual(['cipher', 'ciphertext', 'format', 'kdf']);
		store.close();
	});

	test('a batch of certificates lands together or not at all', async () => {
		const store = await VaultStore.open(freshName());
		await store.addCertificates([nodeCertificateRecord('a', '01'), nodeCertificateRecord('a', '02')]);
		// The second batch repeats serial 02: the whole batch is refused, 03 included.
		await expect(
			store.addCertificates([nodeCertificateRecord('a', '03'), nodeCertificateRecord('a', '02')])
		).rejects.toMatchObject({
			code: 'storage-failed'
		});
		expect((await store.listCertificates()).map((c) => c.serialHex).sort()).toEqual(['01', '02']);
		store.close();
	});

	test('adding a CA with an existing id is refused and leaves the first intact', async () => {
		const store = await VaultStore.open(freshName());
		const first = await caRecord('c');
		await store.addCa(first);
		await expect(store.addCa({ ...(await caRecord('c')), name: 'impostor' })).rejects.toMatchObject({
			code: 'storage-failed'
		});
		expect((await store.getCa('c'))?.name).toBe('CA c');
		store.close();
	});

	test('a vault written by a newer version is refused, not downgraded', async () => {
		const name = freshName();
		const newer = await openDB(name, DB_VERSION + 1);
		newer.close();
		await expect(VaultStore.open(name)).rejects.toMatchObject({ code: 'vault-newer' });
	});
});

describe('intermediate CA records', () => {
	test('parentId and the chain are stored and read back next to records without them, in the same schema version', async () => {
		const store = await VaultStore.open(freshName());
		const root = await caRecord('r');
		const inter: CaRecord = {
			...(await caRecord('ii')),
			parentId: 'r',
			chainDer: [new Uint8Array([0x30, 0x01, 0x05])]
		};
		await store.addCa(root);
		await store.addCa(inter);
		const [readRoot, readInter] = await store.listCas();
		expect(readRoot?.parentId).toBeUndefined();
		expect(readRoot?.chainDer).toBeUndefined();
		expect(readInter?.parentId).toBe('r');
		expect([...(readInter?.chainDer?.[0] ?? [])]).toEqual([0x30, 0x01, 0x05]);
		store.close();
	});
});
