import 'fake-indexeddb/auto';
import { inflateSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { encodeRecords } from './backup-codec';
import { checkBackupStores } from './backup-check';
import { decodeBackupPayload, openBackup, sealBackup } from './backup-file';
import { nodeCertificateRecord } from '../testing/vault-records';
import { DB_VERSION, type CaRecord, type CertificateRecord } from './schema';
import { sealPrivateKey, unsealPrivateKey } from './seal';
import { VaultStore } from './store';

/**
 * Backups made by an attacker: anyone can seal a file with a passphrase of their own, so the GCM tag
 * proves nothing about the records inside. Each case is refused with its own message before anything
 * is written, and the vault is left exactly as it was.
 */
const crypto = globalThis.crypto;
const NOW = new Date('2026-03-01T12:00:00Z');
const PASS = 'the attacker chose this passphrase';
const ITER = 1000;
let n = 0;

async function ca(id: string, iterations = ITER): Promise<CaRecord> {
	const keys = await generateKeyPair('P-256', crypto, true);
	const sealedKey = await sealPrivateKey(keys.privateKey, 'ca passphrase long', id, crypto, ITER);
	return {
		id,
		name: `CA ${id}`,
		keyAlgorithm: 'P-256',
		certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, id.length]),
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter: new Date('2036-01-01T00:00:00Z'),
		createdAt: new Date('2026-01-01T00:00:00Z'),
		sealedKey: { ...sealedKey, kdf: { ...sealedKey.kdf, iterations } }
	};
}

const cert = (caId: string, serialHex: string, revoked = false): CertificateRecord =>
	nodeCertificateRecord(caId, serialHex, revoked ? { revocation: { revokedAt: NOW, reason: 'keyCompromise' } } : {});

/** The user's vault: one CA with two certificates, neither revoked. */
async function victimVault(): Promise<{ store: VaultStore; victim: CaRecord }> {
	const store = await VaultStore.open(`restore-hostile-${++n}`);
	const victim = await ca('victim');
	await store.addCa(victim);
	await store.addCertificates([cert('victim', '01'), cert('victim', '02')]);
	return { store, victim };
}

const snapshot = async (store: VaultStore) => ({
	cas: await store.listCas(),
	certificates: await store.listCertificates(),
	meta: await store.getMeta()
});

/** Opens a crafted file as the app does, then (if it opened) restores it: the outcome the user would get. */
async function restoreCrafted(store: VaultStore, stores: Record<string, unknown[]>): Promise<unknown> {
	const file = await sealBackup(stores, PASS, crypto, NOW, ITER);
	return openBackup(file, PASS, crypto).then(
		(opened) => store.restoreBackup(opened.stores, NOW),
		(error: unknown) => Promise.reject(error)
	);
}

describe('hostile backups', () => {
	test('a backup cannot add revocations for serials of a CA it does not contain', async () => {
		const { store } = await victimVault();
		const before = await snapshot(store);
		const crafted = { cas: [await ca('evil')], certificates: [cert('victim', 'dead01', true)] };
		await expect(restoreCrafted(store, crafted)).rejects.toMatchObject({
			code: 'backup-foreign-record',
			field: 'backupFile',
			message: expect.stringContaining('of a CA that is not in the file') as unknown
		});
		// The store refuses it too, whatever hands it the records.
		await expect(store.restoreBackup(crafted, NOW)).rejects.toMatchObject({ code: 'backup-foreign-record' });
		expect(await snapshot(store)).toEqual(before);
		store.close();
	});

	test('a backup cannot pass off its own CA under the id of a CA of this vault', async () => {
		const { store, victim } = await victimVault();
		const before = await snapshot(store);
		const impostor = { ...(await ca('victim')), name: 'Impostor', certificateDer: new Uint8Array([0x30, 0x00]) };
		const crafted = { cas: [impostor], certificates: [cert('victim', 'dead02', true)] };
		await expect(restoreCrafted(store, crafted)).rejects.toMatchObject({
			code: 'backup-foreign-record',
			message: expect.stringContaining(`with the id of "${victim.name}" in this vault but another key`) as unknown
		});
		expect(await snapshot(store)).toEqual(before);
		store.close();
	});

	test('a sealed key asking for four billion PBKDF2 iterations is refused at restore and at unlock', async () => {
		const { store } = await victimVault();
		const before = await snapshot(store);
		const slow = await ca('slow', 4_294_967_295);
		await expect(restoreCrafted(store, { cas: [slow], certificates: [] })).rejects.toMatchObject({
			code: 'backup-record-invalid',
			message: expect.stringContaining('4,294,967,295 PBKDF2 iterations; the app writes 600,000') as unknown
		});
		expect(await snapshot(store)).toEqual(before);
		// Unlocking such a record (however it got here) answers at once instead of deriving for hours.
		const started = performance.now();
		const unlocking = unsealPrivateKey(slow.sealedKey, 'ca passphrase long', 'slow', 'P-256', crypto);
		const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('still deriving after 2 s')), 2000));
		await expect(Promise.race([unlocking, timeout])).rejects.toMatchObject({ code: 'sealed-key-invalid' });
		expect(performance.now() - started).toBeLessThan(1000);
		unlocking.catch(() => undefined);
		store.close();
	});

	test('records whose ids disagree with their CA and serial, or are not shaped as the app writes them, are refused', async () => {
		const { store } = await victimVault();
		const before = await snapshot(store);
		const evil = await ca('evil');
		const cases: [string, Record<string, unknown[]>][] = [
			['id names another serial', { cas: [evil], certificates: [{ ...cert('evil', '01'), id: 'evil:02' }] }],
			['id names another CA', { cas: [evil], certificates: [{ ...cert('evil', '01'), id: 'victim:01' }] }],
			['serial is not hex', { cas: [evil], certificates: [cert('evil', '../../x')] }],
			['CA id with a path in it', { cas: [{ ...evil, id: '../victim' }], certificates: [] }],
			['two CAs with one id', { cas: [evil, evil], certificates: [] }]
		];
		for (const [label, stores] of cases) {
			const outcome = await restoreCrafted(store, stores).then(
				() => 'restored',
				(error: { code?: string }) => error.code
			);
			expect(outcome, label).toBe('backup-record-invalid');
		}
		expect(await snapshot(store)).toEqual(before);
		store.close();
	});

	test('a payload that inflates to hundreds of MB stops at the 64 MB cap', () => {
		// Valid JSON followed by 300 MB of spaces (JSON allows trailing whitespace), deflated to under 3 MB.
		const json = new TextEncoder().encode(encodeRecords({ format: 1, schema: DB_VERSION, stores: { cas: [] } }));
		const deflated = deflateBomb(json, 300 * 1024 * 1024);
		expect(deflated.length).toBeLessThan(3 * 1024 * 1024);
		expect(() => decodeBackupPayload(deflated, { format: 1, schema: DB_VERSION })).toThrowError(
			expect.objectContaining({ code: 'backup-too-large' })
		);
	});

	test('the hand-made deflate stream is what it claims (checked with a small one)', () => {
		const small = inflateSync(deflateBomb(new TextEncoder().encode('{}'), 1 + 258 * 3));
		expect(new TextDecoder().decode(small)).toBe('{}' + ' '.repeat(1 + 258 * 3));
	});

	test('record counts and field sizes have budgets', () => {
		const many = Array.from({ length: 50_001 }, (_, i) => cert('evil', i.toString(16)));
		expect(() => checkBackupStores({ cas: [], certificates: many })).toThrowError(
			expect.objectContaining({ code: 'backup-too-large', message: expect.stringContaining('50,001') as unknown })
		);
		const huge = { ...cert('evil', '01'), subject: 'CN=' + 'x'.repeat(1_000_000) };
		expect(() => checkBackupStores({ cas: [], certificates: [huge] })).toThrowError(
			expect.objectContaining({
				code: 'backup-record-invalid',
				message: expect.stringContaining('oversized') as unknown
			})
		);
		const wide = { ...cert('evil', '01'), sans: Array.from({ length: 100_000 }, () => 'DNS:x') };
		expect(() => checkBackupStores({ cas: [], certificates: [wide] })).toThrowError(
			expect.objectContaining({ code: 'backup-record-invalid' })
		);
	});
});

/**
 * One fixed-Huffman deflate block (RFC 1951 §3.2.6): `prefix` as literals, one space, then matches of
 * length 258 at distance 1 (13 bits each) until `spaces` spaces follow the prefix. Written by hand
 * because compressing 300 MB with a real encoder takes longer than the test should.
 */
function deflateBomb(prefix: Uint8Array, spaces: number): Uint8Array {
	const out: number[] = [];
	let acc = 0;
	let used = 0;
	const bit = (b: number) => {
		acc |= b << used;
		if (++used === 8) {
			out.push(acc);
			acc = used = 0;
		}
	};
	const huffman = (code: number, length: number) => {
		for (let i = length - 1; i >= 0; i--) bit((code >> i) & 1);
	};
	const literal = (v: number) => (v < 144 ? huffman(0x30 + v, 8) : huffman(0x190 + v - 144, 9));
	bit(1); // BFINAL
	bit(1); // BTYPE = 01, fixed Huffman codes, least significant bit first
	bit(0);
	prefix.forEach(literal);
	literal(0x20);
	for (let i = 0; i < Math.floor((spaces - 1) / 258); i++) {
		huffman(0xc5, 8); // length symbol 285: 258 bytes
		huffman(0, 5); // distance code 0: distance 1
	}
	huffman(0, 7); // end of block (256)
	if (used > 0) out.push(acc);
	return new Uint8Array(out);
}
