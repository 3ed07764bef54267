import { deflateSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { PkiError } from '../pki/errors';
import { mutate, prng, within } from '../testing/fuzz';
import { encodeRecords } from './backup-codec';
import { decodeBackupPayload, openBackup, sealBackup } from './backup-file';
import { DB_VERSION } from './schema';

/**
 * Hostile backup files: every mutated or truncated file must end in a backup-* PkiError or
 * open to records that pass the shape check, within a time bound. Because the header is GCM
 * additional data, a file that differs from the sealed one in any byte must never open at all.
 */
const crypto = globalThis.crypto;
const CASES = 10_000;
const PASS = 'fuzzing passphrase long';
const CODES = [
	'backup-unreadable',
	'backup-newer',
	'backup-passphrase-wrong',
	'backup-too-large',
	'backup-record-invalid',
	'backup-foreign-record'
];

const stores = {
	cas: [
		{
			id: 'ca-1',
			name: 'Fuzz CA',
			keyAlgorithm: 'P-256',
			certificateDer: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]),
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2036-01-01T00:00:00Z'),
			createdAt: new Date('2026-01-01T00:00:00Z'),
			sealedKey: {
				format: 1,
				kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1000, salt: new Uint8Array(16) },
				cipher: { name: 'AES-GCM', iv: new Uint8Array(12) },
				ciphertext: new Uint8Array(40)
			}
		}
	],
	certificates: [
		{
			id: 'ca-1:0a',
			caId: 'ca-1',
			serialHex: '0a',
			subject: 'CN=a',
			sans: ['DNS:a'],
			profileId: 'p',
			kindId: 'k',
			folder: '',
			certFile: 'a.crt',
			notBefore: new Date(0),
			notAfter: new Date(1e12),
			issuedAt: new Date(0)
		}
	]
};

/** Collected, not asserted per case: expect() costs more than the parse itself. */
function refusalProblem(error: unknown, label: string): string | null {
	if (!(error instanceof PkiError)) return `${label}: not a PkiError: ${String(error)}`;
	return CODES.includes(error.code) ? null : `${label}: unexpected code ${error.code}`;
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('backup reader fuzz', () => {
	test(`${CASES} mutated backup files: refused with a typed error, never opened, never hung`, async () => {
		const file = await sealBackup(stores, PASS, crypto, new Date('2026-02-01T00:00:00Z'), 1000);
		const random = prng(0x0ca5eed);
		let opened = 0;
		const problems: string[] = [];
		for (let i = 0; i < CASES; i++) {
			const input = mutate([file], random);
			try {
				await within(2000, openBackup(input, PASS, crypto));
				opened++;
				// Only an unchanged file opens (GCM over header and contents).
				if (!same(input, file)) problems.push(`case ${i} opened although altered`);
			} catch (error) {
				const problem = refusalProblem(error, `case ${i}`);
				if (problem) problems.push(problem);
			}
		}
		expect(problems).toEqual([]);
		expect(opened).toBeLessThan(CASES / 10);
	}, 120_000);

	test(`${CASES} mutated payloads behind a good seal: typed error or records that pass the shape check`, () => {
		const header = { format: 1 as const, schema: DB_VERSION };
		const json = new TextEncoder().encode(encodeRecords({ format: 1, schema: DB_VERSION, stores }));
		const deflated = deflateSync(json);
		const random = prng(0xbac0);
		let valid = 0;
		const problems: string[] = [];
		for (let i = 0; i < CASES; i++) {
			// Half mutate the JSON text (reaching the record checks), half the deflate stream.
			const plain = i % 2 === 0 ? deflateSync(mutate([json], random)) : mutate([deflated], random);
			const started = performance.now();
			try {
				if (typeof decodeBackupPayload(plain, header) === 'object') valid++;
			} catch (error) {
				const problem = refusalProblem(error, `payload case ${i}`);
				if (problem) problems.push(problem);
			}
			if (performance.now() - started > 1000) problems.push(`payload case ${i} took over 1 s`);
		}
		expect(problems).toEqual([]);
		expect(valid).toBeGreaterThan(0);
	}, 120_000);
});
