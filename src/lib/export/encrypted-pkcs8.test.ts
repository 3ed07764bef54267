import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, test } from 'vitest';
import { derProblems, makePkcs12Fixture, type Pkcs12Fixture } from '../../../tests/interop/support/pkcs12-fixtures';
import { x509 } from '../pki/x509';
import { decryptShroudedKey, expectedPbes2, pbes2Shape } from '../testing/pkijs-reader';
import { encryptPkcs8Der, encryptPkcs8Pem } from './encrypted-pkcs8';

const PASSWORD = 'tr0ub4dor & 3';
const hex = (b: ArrayBuffer) => Buffer.from(new Uint8Array(b)).toString('hex');

function parsePem(pem: string): pkijs.PKCS8ShroudedKeyBag {
	expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
	expect(pem.endsWith('-----END ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
	const der = x509.PemConverter.decodeFirst(pem);
	expect(derProblems(new Uint8Array(der))).toEqual([]);
	return pkijs.PKCS8ShroudedKeyBag.fromBER(der);
}

const decrypt = decryptShroudedKey;

describe.each(['P-256', 'RSA-2048'] as const)('encryptPkcs8Pem with a %s key', (alg) => {
	let fx: Pkcs12Fixture;
	beforeAll(async () => {
		fx = await makePkcs12Fixture(alg);
	}, 60_000);

	test('writes PBES2 / PBKDF2-HMAC-SHA-256 (600,000 by default) / AES-256-CBC, as strict DER', async () => {
		const bag = parsePem(await encryptPkcs8Pem(fx.pkcs8, PASSWORD, globalThis.crypto));
		expect(pbes2Shape(bag.encryptionAlgorithm)).toEqual(expectedPbes2(600_000));
		// Primitive OCTET STRING even for an RSA-2048 PKCS#8 (~1.2 kB), where BER writers split into pieces.
		expect(bag.encryptedData.idBlock.isConstructed).toBe(false);
	});

	test('decrypts with the password to the original PKCS#8 bytes', async () => {
		const bag = parsePem(await encryptPkcs8Pem(fx.pkcs8, PASSWORD, globalThis.crypto, 1000));
		expect(pbes2Shape(bag.encryptionAlgorithm).iterations).toBe(1000);
		expect(hex(await decrypt(bag, PASSWORD))).toBe(hex(fx.pkcs8));
	});

	test('does not decrypt to the key with a wrong password', async () => {
		const bag = parsePem(await encryptPkcs8Pem(fx.pkcs8, PASSWORD, globalThis.crypto, 1000));
		// CBC padding rejects most wrong keys; the rare one that passes must still not yield the key.
		const out = await decrypt(bag, `${PASSWORD}x`).catch(() => null);
		expect(out === null ? null : hex(out)).not.toBe(hex(fx.pkcs8));
	});

	test('uses the UTF-8 bytes of a non-ASCII password, as openssl -passin does', async () => {
		const bag = pkijs.PKCS8ShroudedKeyBag.fromBER(await encryptPkcs8Der(fx.pkcs8, 'pässwörd', globalThis.crypto, 1000));
		expect(hex(await decrypt(bag, 'pässwörd'))).toBe(hex(fx.pkcs8));
	});
});

describe('encryptPkcs8Pem refusals', () => {
	test('refuses an empty password', async () => {
		await expect(encryptPkcs8Pem(new Uint8Array(8), '', globalThis.crypto)).rejects.toThrow(/non-empty password/);
	});

	test('refuses bytes that are not a PKCS#8 PrivateKeyInfo', async () => {
		await expect(
			encryptPkcs8Pem(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), PASSWORD, globalThis.crypto, 1000)
		).rejects.toThrow(/^Not a PKCS#8 PrivateKeyInfo$/);
	});

	test('refuses iteration counts the JDK or PBKDF2 would not take', async () => {
		const fx = await makePkcs12Fixture('P-256');
		await expect(encryptPkcs8Pem(fx.pkcs8, PASSWORD, globalThis.crypto, 0)).rejects.toThrow(/iteration count/);
		await expect(encryptPkcs8Pem(fx.pkcs8, PASSWORD, globalThis.crypto, 5_000_001)).rejects.toThrow(/iteration count/);
	});
});
