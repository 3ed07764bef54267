import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { keyGenParams, type KeyAlgorithm } from '../algorithms';
import { spkiFromPkcs8 } from './spki-from-pkcs8';

const exported = async (alg: KeyAlgorithm) => {
	const keys = (await crypto.subtle.generateKey(keyGenParams(alg), true, ['sign', 'verify'])) as CryptoKeyPair;
	return {
		pkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey)),
		spki: new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey))
	};
};

test.each(['P-256', 'P-384', 'RSA-2048'] as const)(
	'%s: the SPKI read from the PKCS#8 is byte for byte the one WebCrypto exports',
	async (alg) => {
		for (let i = 0; i < (alg.startsWith('RSA') ? 1 : 5); i++) {
			const { pkcs8, spki } = await exported(alg);
			expect(spkiFromPkcs8(pkcs8)).toEqual(spki);
		}
	}
);

test('OpenSSL, an independent implementation, derives the same SPKI from the same PKCS#8', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'spki-'));
	try {
		for (const alg of ['P-256', 'RSA-2048'] as const) {
			const { pkcs8 } = await exported(alg);
			writeFileSync(join(dir, 'key.der'), pkcs8);
			execFileSync('openssl', [
				'pkey',
				'-inform',
				'DER',
				'-in',
				join(dir, 'key.der'),
				'-pubout',
				'-outform',
				'DER',
				'-out',
				join(dir, 'pub.der')
			]);
			expect(spkiFromPkcs8(pkcs8)).toEqual(new Uint8Array(readFileSync(join(dir, 'pub.der'))));
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('Ed25519, an EC key without its point, and damaged input give no SPKI (the caller exports one)', async () => {
	expect(spkiFromPkcs8((await exported('Ed25519')).pkcs8)).toBeUndefined();
	// An ECPrivateKey without [1] publicKey (RFC 5915 makes it optional), as `openssl ec -no_public` writes.
	const dir = mkdtempSync(join(tmpdir(), 'spki-'));
	try {
		execFileSync('openssl', [
			'genpkey',
			'-algorithm',
			'EC',
			'-pkeyopt',
			'ec_paramgen_curve:P-256',
			'-out',
			join(dir, 'k.pem')
		]);
		execFileSync('openssl', ['ec', '-in', join(dir, 'k.pem'), '-no_public', '-out', join(dir, 'np.pem')]);
		execFileSync('openssl', [
			'pkcs8',
			'-topk8',
			'-nocrypt',
			'-in',
			join(dir, 'np.pem'),
			'-outform',
			'DER',
			'-out',
			join(dir, 'np.der')
		]);
		expect(spkiFromPkcs8(new Uint8Array(readFileSync(join(dir, 'np.der'))))).toBeUndefined();
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	expect(spkiFromPkcs8(new Uint8Array([0x30, 0x05, 0x02]))).toBeUndefined();
	expect(spkiFromPkcs8(new Uint8Array(0))).toBeUndefined();
});
