import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { inProcessWorker } from '../testing/in-process-worker';
import { judgePassphrase } from '../vault/passphrase-strength';
import { VaultCare } from './vault-care.svelte';
import { VaultState } from './vault.svelte';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const worker = inProcessWorker({ deps, kdfIterations: 1000 });
const GOOD = 'correct horse battery staple';
const WEAK = ['aaaaaaaaaa', 'password12'];

let vault: VaultState;
let care: VaultCare;
let caId: string;

const stored = async () => {
	await vault.records.reload();
	return { cas: vault.records.cas, meta: await vault.records.readMeta() };
};

beforeAll(async () => {
	vault = new VaultState(worker, () => NOW);
	await vault.load();
	care = new VaultCare(vault.records, worker, undefined, () => NOW);
	caId = (
		await vault.ca.create({
			name: 'Floor Root',
			keyAlgorithm: 'P-256',
			days: 365,
			passphrase: GOOD,
			passphraseConfirm: GOOD
		})
	).id;
});

describe('the passphrase floor', () => {
	test.each(WEAK)('%s is refused for a new CA, with why and what to do, and nothing is stored', async (weak) => {
		const before = await stored();
		const error = await vault.ca
			.create({ name: 'Weak Root', keyAlgorithm: 'P-256', days: 365, passphrase: weak, passphraseConfirm: weak })
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'passphrase-weak', field: 'passphrase' });
		expect((error as Error).message).toMatch(/easy to guess|commonly used/);
		expect((error as Error).message).toContain('four or more random words');
		await expect(
			vault.ca.createIntermediate(caId, {
				name: 'Weak Sub',
				days: 30,
				keyAlgorithm: 'P-256',
				passphrase: weak,
				passphraseConfirm: weak
			})
		).rejects.toMatchObject({ code: 'passphrase-weak' });
		expect(await stored()).toEqual(before);
	});

	test.each(WEAK)('%s is refused as a changed CA passphrase and as a backup passphrase', async (weak) => {
		const before = await stored();
		await expect(care.changePassphrase(caId, GOOD, weak, weak)).rejects.toMatchObject({
			code: 'passphrase-weak',
			field: 'newPassphrase'
		});
		await expect(care.backup(weak, weak)).rejects.toMatchObject({ code: 'passphrase-weak', field: 'backupPassphrase' });
		expect(await stored()).toEqual(before);
		// The CA still opens with its passphrase: unlocking is never subject to the floor.
		await vault.keyring.unlock(caId, GOOD);
	});

	test('the why comes from zxcvbn: a repeat, a common password; four random words pass', () => {
		expect(judgePassphrase('aaaaaaaaaa').hint).toContain('Repeated characters');
		expect(judgePassphrase('password12').hint).toContain('commonly used password');
		expect(judgePassphrase(GOOD)).toMatchObject({ acceptable: true });
		expect(judgePassphrase('short')).toMatchObject({
			acceptable: false,
			hint: expect.stringContaining('at least 10') as unknown
		});
	});
});
