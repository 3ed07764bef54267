import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, test } from 'vitest';
import { DB_VERSION } from './schema';
import { MIGRATIONS } from './migrations';
import { VaultStore } from './store';

/**
 * One test per earlier schema version: the database is built as that version of the app built it
 * (written out here by hand, frozen, not through MIGRATIONS), filled with records of that time, then
 * opened by the current code. When DB_VERSION goes up, add the next frozen fixture.
 */
let n = 0;
const name = () => `migration-test-${++n}`;

const v1Ca = {
	id: 'ca-1',
	name: 'Lab Root CA',
	keyAlgorithm: 'P-256',
	certificateDer: new Uint8Array([0x30, 0x00]),
	notBefore: new Date('2025-01-01T00:00:00Z'),
	notAfter: new Date('2035-01-01T00:00:00Z'),
	createdAt: new Date('2025-01-01T00:00:00Z'),
	sealedKey: {
		format: 1,
		kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600000, salt: new Uint8Array(16).fill(7) },
		cipher: { name: 'AES-GCM', iv: new Uint8Array(12).fill(9) },
		ciphertext: new Uint8Array([1, 2, 3])
	}
};
const v1Cert = {
	id: 'ca-1:0a',
	caId: 'ca-1',
	serialHex: '0a',
	subject: 'CN=node',
	sans: ['DNS:node1'],
	profileId: 'cockroachdb',
	kindId: 'node',
	folder: '',
	certFile: 'node.crt',
	notBefore: new Date('2025-01-01T00:00:00Z'),
	notAfter: new Date('2026-01-01T00:00:00Z'),
	issuedAt: new Date('2025-01-01T00:00:00Z')
};

async function createV1(dbName: string, withRecords: boolean): Promise<void> {
	const db = await openDB(dbName, 1, {
		upgrade(database) {
			database.createObjectStore('cas', { keyPath: 'id' });
			database.createObjectStore('certificates', { keyPath: 'id' }).createIndex('byCa', 'caId');
		}
	});
	if (withRecords) {
		await db.add('cas', v1Ca);
		await db.add('certificates', v1Cert);
	}
	db.close();
}

describe('vault migrations', () => {
	test('there is one migration per version', () => {
		expect(MIGRATIONS).toHaveLength(DB_VERSION);
	});

	test('v1 → current: CAs and inventory survive unchanged, meta appears, a backup is due', async () => {
		const dbName = name();
		await createV1(dbName, true);
		const store = await VaultStore.open(dbName);
		expect(await store.listCas()).toEqual([v1Ca]);
		expect(await store.listCertificates()).toEqual([v1Cert]);
		const meta = await store.getMeta();
		expect(meta.lastCaChangeAt).toBeInstanceOf(Date);
		expect(meta.lastBackupAt).toBeUndefined();
		// The upgraded vault works: new records go in, the index still answers.
		await store.addCertificates([{ ...v1Cert, id: 'ca-1:0b', serialHex: '0b' }]);
		store.close();
		const raw = await openDB(dbName);
		expect(raw.version).toBe(DB_VERSION);
		expect([...raw.objectStoreNames].sort()).toEqual(['cas', 'certificates', 'meta']);
		expect(await raw.getAllFromIndex('certificates', 'byCa', 'ca-1')).toHaveLength(2);
		raw.close();
	});

	test('an empty v1 vault upgrades without a backup reminder', async () => {
		const dbName = name();
		await createV1(dbName, false);
		const store = await VaultStore.open(dbName);
		expect(await store.getMeta()).toEqual({});
		store.close();
	});
});
