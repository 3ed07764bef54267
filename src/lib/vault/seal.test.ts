import { describe, expect, test } from 'vitest';
import { generateKeyPair } from '../pki/keys';
import { sealPrivateKey, unsealPrivateKey } from './seal';

const crypto = globalThis.crypto;
const ITER = 1000; // the real 600,000 is covered by the default-parameter test below

async function signAndVerify(privateKey: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
	const data = new TextEncoder().encode('probe');
	const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data);
	return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, sig, data);
}

describe('sealed CA keys', () => {
	test('round trip yields a non-extractable signing key', async () => {
		const keys = await generateKeyPair('P-256', crypto, true);
		const sealed = await sealPrivateKey(keys.privateKey, 'correct horse battery', 'ca-1', crypto, ITER);
		expect(sealed.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: ITER });
		expect(sealed.kdf.salt.byteLength).toBe(16);
		expect(sealed.cipher.iv.byteLength).toBe(12);
		const opened = await unsealPrivateKey(sealed, 'correct horse battery', 'ca-1', 'P-256', crypto);
		expect(opened.extractable).toBe(false);
		expect(opened.usages).toEqual(['sign']);
		expect(await signAndVerify(opened, keys.publicKey)).toBe(true);
	});

	test('uses 600,000 PBKDF2 iterations by default (OWASP)', async () => {
		const keys = await generateKeyPair('P-256', crypto, true);
		const sealed = await sealPrivateKey(keys.privateKey, 'correct horse battery', 'ca-1', crypto);
		expect(sealed.kdf.iterations).toBe(600_000);
	});

	test('a wrong passphrase is refused with a plain message', async () => {
		const keys = await generateKeyPair('P-256', crypto, true);
		const sealed = await sealPrivateKey(keys.privateKey, 'correct horse battery', 'ca-1', crypto, ITER);
		await expect(unsealPrivateKey(sealed, 'Correct horse battery', 'ca-1', 'P-256', crypto)).rejects.toMatchObject({
			code: 'passphrase-wrong',
			field: 'passphrase'
		});
	});

	test('tampered ciphertext, salt or a key moved to another CA record is detected', async () => {
		const keys = await generateKeyPair('P-256', crypto, true);
		const sealed = await sealPrivateKey(keys.privateKey, 'correct horse battery', 'ca-1', crypto, ITER);
		const flipped = sealed.ciphertext.slice();
		flipped[10] = (flipped[10] ?? 0) ^ 1;
		await expect(
			unsealPrivateKey({ ...sealed, ciphertext: flipped }, 'correct horse battery', 'ca-1', 'P-256', crypto)
		).rejects.toMatchObject({ code: 'passphrase-wrong' });
		const salt = sealed.kdf.salt.slice();
		salt[0] = (salt[0] ?? 0) ^ 1;
		await expect(
			unsealPrivateKey({ ...sealed, kdf: { ...sealed.kdf, salt } }, 'correct horse battery', 'ca-1', 'P-256', crypto)
		).rejects.toMatchObject({ code: 'passphrase-wrong' });
		await expect(unsealPrivateKey(sealed, 'correct horse battery', 'ca-2', 'P-256', crypto)).rejects.toMatchObject({
			code: 'passphrase-wrong'
		});
	});
});
