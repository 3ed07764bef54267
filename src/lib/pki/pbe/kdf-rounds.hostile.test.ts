import { describe, expect, test } from 'vitest';
import { derNull, explicit, octetString, oid, sequence, smallInteger, type Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { parseInputs } from '../parse/parse';
import { readPkcs12 } from '../parse/pkcs12';
import { decryptPkcs8 } from '../parse/private-keys';
import { KdfBudget } from './kdf-budget';
import { OID_PBE_SHA1_3DES } from './pkcs12-pbe';

/**
 * Files that name their own key-derivation cost: a crafted PKCS#12 or encrypted key with millions of
 * rounds would keep the worker busy for minutes. Each is answered at once, before any KDF runs:
 * above a million rounds "ask the user first" (kdf-slow-confirm), above ten million refused
 * (kdf-rounds-refused), also when the user allowed a slow read.
 */
const crypto = globalThis.crypto;
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** A PFX whose MAC asks for `rounds` (RFC 7292 §4); its MAC value is zeros, never reached. */
function pfxWithMacRounds(rounds: number): Bytes {
	const authSafe = sequence();
	const macData = sequence(
		sequence(sequence(oid(SHA256), derNull()), octetString(new Uint8Array(32))),
		octetString(new Uint8Array(8)),
		smallInteger(rounds)
	);
	return sequence(smallInteger(3), sequence(oid('1.2.840.113549.1.7.1'), explicit(0, octetString(authSafe))), macData);
}

/** An EncryptedPrivateKeyInfo under PBES2 / PBKDF2-HMAC-SHA-256 / AES-256-CBC asking for `rounds`. */
function pbes2KeyWithRounds(rounds: number): Bytes {
	const kdf = sequence(
		oid('1.2.840.113549.1.5.12'),
		sequence(octetString(new Uint8Array(16)), smallInteger(rounds), sequence(oid('1.2.840.113549.2.9'), derNull()))
	);
	const scheme = sequence(oid('2.16.840.1.101.3.4.1.42'), octetString(new Uint8Array(16)));
	return sequence(sequence(oid('1.2.840.113549.1.5.13'), sequence(kdf, scheme)), octetString(new Uint8Array(32)));
}

/** The same key shape under the legacy 3DES scheme, which runs the JavaScript KDF three times. */
function tripleDesKeyWithRounds(rounds: number): Bytes {
	const params = sequence(octetString(new Uint8Array(8)), smallInteger(rounds));
	return sequence(sequence(oid(OID_PBE_SHA1_3DES), params), octetString(new Uint8Array(32)));
}

async function failure(promise: Promise<unknown>): Promise<{ error: PkiError; ms: number }> {
	const start = performance.now();
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(PkiError);
	return { error: error as PkiError, ms: performance.now() - start };
}

describe('a PKCS#12 MAC with millions of rounds', () => {
	test('3,000,000 rounds: answered at once with kdf-slow-confirm, saying how long it may take', async () => {
		const { error, ms } = await failure(readPkcs12(pfxWithMacRounds(3_000_000), 'pw', crypto));
		expect(error.code).toBe('kdf-slow-confirm');
		expect(error.message).toBe(
			'The PKCS#12 file asks for 3,000,000 key-derivation rounds, far more than tools write (OpenSSL writes ' +
				'2,048 and Java 10,000). Opening it may take about 45 seconds, and you can cancel it. Open it only if ' +
				'you trust where it came from; confirm to go on.'
		);
		expect(ms).toBeLessThan(500);
	});

	test('12,000,000 rounds: refused even when the user allowed a slow read', async () => {
		const { error, ms } = await failure(readPkcs12(pfxWithMacRounds(12_000_000), 'pw', crypto, { allowSlowKdf: true }));
		expect(error.code).toBe('kdf-rounds-refused');
		expect(error.message).toBe(
			'The PKCS#12 file asks for 12,000,000 key-derivation rounds; the app refuses more than 10,000,000, ' +
				'because that would keep it busy for many minutes, and no tool writes that many (OpenSSL writes 2,048 ' +
				'and Java 10,000). Export it again with its tool’s default settings.'
		);
		expect(ms).toBeLessThan(500);
	});

	test('the largest 32-bit count is refused too', async () => {
		const { error } = await failure(readPkcs12(pfxWithMacRounds(2 ** 31 - 1), 'pw', crypto, { allowSlowKdf: true }));
		expect(error.code).toBe('kdf-rounds-refused');
	});

	test('dropped into the inspector, the file becomes a kdf-slow-confirm problem, not minutes of work', async () => {
		const start = performance.now();
		const result = await parseInputs(
			[{ name: 'slow.p12', bytes: pfxWithMacRounds(4_000_000) }],
			{ crypto },
			{ password: 'pw' }
		);
		expect(result.problems.map((p) => [p.label, p.error.code])).toEqual([['slow.p12', 'kdf-slow-confirm']]);
		expect(performance.now() - start).toBeLessThan(500);
	});
});

describe('an encrypted key with millions of rounds', () => {
	test('PBES2 with 2,000,000 rounds asks first', async () => {
		const { error, ms } = await failure(decryptPkcs8(pbes2KeyWithRounds(2_000_000), 'pw', crypto));
		expect(error.code).toBe('kdf-slow-confirm');
		expect(error.message).toMatch(/^The private key asks for 2,000,000 key-derivation rounds/);
		expect(ms).toBeLessThan(500);
	});

	test('PBES2 with 20,000,000 rounds is refused, allowed or not', async () => {
		for (const allowSlowKdf of [false, true]) {
			const budget = new KdfBudget('the private key', { allowSlowKdf });
			const { error } = await failure(decryptPkcs8(pbes2KeyWithRounds(20_000_000), 'pw', crypto, budget));
			expect(error.code).toBe('kdf-rounds-refused');
		}
	});

	test('legacy 3DES counts three KDF runs: 400,000 rounds are 1,200,000 and ask first', async () => {
		const { error } = await failure(decryptPkcs8(tripleDesKeyWithRounds(400_000), 'pw', crypto));
		expect(error.code).toBe('kdf-slow-confirm');
		expect(error.message).toMatch(/asks for 1,200,000 key-derivation rounds/);
	});
});

describe('KdfBudget counts the whole file', () => {
	test('many modest counts add up: asked above a million, refused above ten million in all', () => {
		const asking = new KdfBudget('the PKCS#12 file');
		asking.spend(600_000);
		expect(() => asking.spend(600_000)).toThrow(expect.objectContaining({ code: 'kdf-slow-confirm' }));

		const allowed = new KdfBudget('the PKCS#12 file', { allowSlowKdf: true });
		for (let i = 0; i < 16; i++) allowed.spend(600_000);
		expect(() => allowed.spend(600_000)).toThrow(
			expect.objectContaining({
				code: 'kdf-rounds-refused',
				message: expect.stringContaining('asks for 10,200,000 key-derivation rounds in all')
			})
		);
	});

	test('what real tools write passes without asking (this app 100,000 x 3, Java 10,000 x 3)', () => {
		const budget = new KdfBudget('the PKCS#12 file');
		for (const rounds of [100_000, 100_000, 100_000, 10_000, 10_000, 10_000]) budget.spend(rounds);
		expect(true).toBe(true);
	});
});
