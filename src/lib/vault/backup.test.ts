import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { PkiError } from '../pki/errors';
import { BACKUP_MAGIC, openBackup, readBackupHeader, sealBackup } from './backup-file';
import { nodeCertificateRecord } from '../testing/vault-records';
import { DB_VERSION, type CaRecord, type CertificateRecord } from './schema';
import { sealPrivateKey, unsealPrivateKey } from './seal';
import { VaultStore } from './store';

const crypto = globalThis.crypto;
const NOW = new Date('2026-03-01T12:00:00Z');
const PASS = 'backup passphrase four words';
const ITER = 1000;
let n = 0;
const fresh = () => VaultStore.open(`backup-test-${++n}`);

async function ca(id: string): Promise<CaRecord> {
	const keys = await generateKeyPair('P-256', crypto, true);
	return {
		id,
		name: `CA ${id}`,
		keyAlgorithm: 'P-256',
		certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter: new Date('2036-01-01T00:00:00Z'),
		createdAt: new Date('2026-01-01T00:00:00Z'),
		sealedKey: await sealPrivateKey(keys.privateKey, 'ca passphrase long', id, crypto, ITER)
	};
}

const cert = (caId: string, serialHex: string): CertificateRecord => nodeCertificateRecord(caId, serialHex);

async function populated(): Promise<{ store: VaultStore; file: Uint8Array<ArrayBuffer>; cas: CaRecord[] }> {
	const store = await fresh();
	const cas = [await ca('a'), await ca('b')];
	for (const c of cas) await store.addCa(c);
	await store.addCertificates([cert('a', '01'), cert('a', '02'), cert('b', '0f')]);
	const file = await sealBackup(await store.dumpForBackup(), PASS, crypto, NOW, ITER);
	return { store, file, cas };
}

async function snapshot(store: VaultStore) {
	return { cas: await store.listCas(), certificates: await store.listCertificates(), meta: await store.getMeta() };
}

describe('vault backup file', () => {
	test('round trip onto an empty vault: every record, sealed keys that still open, header in clear', async () => {
		const { store, file, cas } = await populated();
		const { header } = readBackupHeader(file);
		expect(header).toMatchObject({
			format: 1,
			schema: DB_VERSION,
			createdAt: '2026-03-01T12:00:00.000Z',
			kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: ITER }
		});
		expect(new TextDecoder().decode(file.subarray(0, BACKUP_MAGIC.length))).toBe(BACKUP_MAGIC);
		// No record text is readable in the file: the payload is sealed.
		expect(new TextDecoder('latin1').decode(file)).not.toContain('CA a');

		const opened = await openBackup(file, PASS, crypto);
		const target = await fresh();
		const report = await target.restoreBackup(opened.stores, NOW);
		expect(report).toEqual({ cas: { added: 2, kept: 0 }, certificates: { added: 3, kept: 0 } });
		expect(await target.listCas()).toEqual(cas);
		expect((await target.listCertificates()).map((c) => c.id).sort()).toEqual(['a:01', 'a:02', 'b:0f']);
		expect((await target.getMeta()).lastCaChangeAt).toEqual(NOW);
		const restored = (await target.getCa('a'))!;
		await expect(
			unsealPrivateKey(restored.sealedKey, 'ca passphrase long', 'a', 'P-256', crypto)
		).resolves.toBeDefined();
		store.close();
		target.close();
	});

	test('merge: records already present by id are kept as they are, the others added', async () => {
		const { store, file } = await populated();
		const target = await fresh();
		const mine = { ...(await ca('a')), name: 'My newer copy of a' };
		await target.addCa(mine);
		await target.addCertificates([cert('a', '01')]);
		const report = await target.restoreBackup((await openBackup(file, PASS, crypto)).stores, NOW);
		expect(report).toEqual({ cas: { added: 1, kept: 1 }, certificates: { added: 2, kept: 1 } });
		expect((await target.getCa('a'))?.name).toBe('My newer copy of a');
		expect((await target.listCas()).map((c) => c.id)).toEqual(['a', 'b']);
		store.close();
		target.close();
	});

	test('wrong passphrase, tampering anywhere, truncation, extra bytes and newer versions are refused before any write', async () => {
		const { store, file } = await populated();
		const target = await fresh();
		await target.addCa(await ca('z'));
		const before = await snapshot(target);

		const refusals: [string, Uint8Array, string][] = [['wrong passphrase', file, 'backup-passphrase-wrong']];
		const headerEnd = file.indexOf(0x0a, BACKUP_MAGIC.length) + 1;
		for (const at of [BACKUP_MAGIC.length + 20, headerEnd + 5, file.length - 1]) {
			const t = file.slice();
			t[at]! ^= 0x01;
			refusals.push([
				`bit flip at ${at}`,
				t,
				at < headerEnd ? 'backup-unreadable|backup-passphrase-wrong' : 'backup-passphrase-wrong'
			]);
		}
		refusals.push(['cut short', file.slice(0, file.length - 10), 'backup-unreadable']);
		refusals.push(['cut in the header', file.slice(0, headerEnd - 3), 'backup-unreadable']);
		refusals.push(['extra bytes', new Uint8Array([...file, 0]), 'backup-unreadable']);
		refusals.push(['not a backup', new TextEncoder().encode('-----BEGIN CERTIFICATE-----\n'), 'backup-unreadable']);

		const text = new TextDecoder('latin1').decode(file.subarray(0, headerEnd));
		const reHeader = (edit: (h: Record<string, unknown>) => void) => {
			const h = JSON.parse(text.slice(BACKUP_MAGIC.length)) as Record<string, unknown>;
			edit(h);
			const head = new TextEncoder().encode(`${BACKUP_MAGIC}${JSON.stringify(h)}\n`);
			return new Uint8Array([...head, ...file.subarray(headerEnd)]);
		};
		refusals.push(['newer format', reHeader((h) => (h['format'] = 2)), 'backup-newer']);
		refusals.push(['newer schema', reHeader((h) => (h['schema'] = DB_VERSION + 1)), 'backup-newer']);
		// A valid-looking header with fewer iterations: the AAD binds it, so the tag fails.
		refusals.push([
			'weakened KDF',
			reHeader((h) => ((h['kdf'] as { iterations: number }).iterations = ITER + 1)),
			'backup-passphrase-wrong'
		]);
		refusals.push([
			'absurd KDF cost',
			reHeader((h) => ((h['kdf'] as { iterations: number }).iterations = 2 ** 31)),
			'backup-unreadable'
		]);

		for (const [what, bytes, codes] of refusals) {
			const passphrase = what === 'wrong passphrase' ? 'not the backup passphrase' : PASS;
			const error = await openBackup(bytes, passphrase, crypto).then(
				() => null,
				(e: unknown) => e
			);
			expect(error, what).toBeInstanceOf(PkiError);
			expect((error as PkiError).code, what).toMatch(new RegExp(`^(${codes})$`));
			expect((error as PkiError).message, what).toMatch(/Nothing was changed/);
		}
		expect(await snapshot(target)).toEqual(before);
		store.close();
		target.close();
	});

	test('a restore that fails inside its transaction leaves the vault unchanged', async () => {
		const { store, file } = await populated();
		const target = await fresh();
		const before = await snapshot(target);
		const { stores } = await openBackup(file, PASS, crypto);
		// The last record cannot be stored (a function does not clone): the CAs and certificates added
		// before it in the same transaction must go too.
		const dup = { ...stores, certificates: [...(stores['certificates'] ?? []), { ...cert('b', '99'), sans: () => 1 }] };
		await expect(target.restoreBackup(dup, NOW)).rejects.toMatchObject({ code: 'storage-failed' });
		expect(await snapshot(target)).toEqual(before);
		await expect(target.restoreBackup({ ...stores, settings: [{ id: 'x' }] }, NOW)).rejects.toMatchObject({
			code: 'backup-unreadable'
		});
		expect(await snapshot(target)).toEqual(before);
		store.close();
		target.close();
	});
});
