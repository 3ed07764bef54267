import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { describeRun, run } from './support/run';

/**
 * The legacy .p12 files (pbeWithSHAAnd3-KeyTripleDES-CBC, HMAC-SHA-1 MAC) the lab form and a renewal
 * wrote in tests/e2e/pkcs12-legacy-lab-renewal.spec.ts, opened by OpenSSL 3 without -legacy (which
 * only RC2 and single DES need: https://docs.openssl.org/3.0/man1/openssl-pkcs12/) and by the JDK's
 * keytool, and checked to hold a key that belongs to its certificate.
 */
const FILES = [
	{ zip: 'elasticsearch-lab-p12-legacy.zip', p12: 'node1/node1.p12', alias: 'node1' },
	{ zip: 'elasticsearch-lab-p12-legacy.zip', p12: 'node3/http.p12', alias: 'http' },
	{ zip: 'elasticsearch-renewal-p12-legacy.zip', p12: 'es-legacy/es-legacy.p12', alias: 'es-legacy' }
];

let password: string;
const bundles = new Map<string, Unzipped>();
beforeAll(async () => {
	password = readFileSync(bundlePath('p12-legacy-consumers-password.txt'), 'utf8').trimEnd();
	for (const zip of new Set(FILES.map((f) => f.zip))) bundles.set(zip, await unzipBundle(zip));
});
afterAll(async () => {
	for (const bundle of bundles.values()) await bundle.remove();
});

describe.each(FILES)('$p12 in $zip', ({ zip, p12, alias }) => {
	const path = () => bundles.get(zip)!.path(...p12.split('/'));

	test('OpenSSL 3 opens it without -legacy and reports 3DES for key and certificates and a SHA-1 MAC', async () => {
		const result = await run('openssl', ['pkcs12', '-info', '-noout', '-in', path(), '-passin', `pass:${password}`]);
		const said = `${result.stdout}${result.stderr}`;
		expect(result.code, describeRun(result)).toBe(0);
		expect(said).toMatch(/^MAC: sha1, Iteration \d+/m);
		expect(said).toMatch(/^PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration \d+/m);
		expect(said).toMatch(/^Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration \d+/m);
		expect(said).not.toMatch(/PBES2|AES|sha256/);
	});

	test('keytool lists its key entry and the CA as a trusted entry', async () => {
		const result = await run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', path(), '-storepass', password]);
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout).toContain('Your keystore contains 2 entries');
		expect(result.stdout).toMatch(new RegExp(`^${alias}, .*PrivateKeyEntry,`, 'm'));
		expect(result.stdout).toMatch(/^ca, .*trustedCertEntry,/m);
	});

	test('the key it holds belongs to its certificate', async () => {
		const dir = bundles.get(zip)!;
		const pass = ['-in', path(), '-passin', `pass:${password}`];
		const key = await run('openssl', ['pkcs12', ...pass, '-nocerts', '-nodes']);
		const cert = await run('openssl', ['pkcs12', ...pass, '-nokeys', '-clcerts']);
		expect(key.code, describeRun(key)).toBe(0);
		expect(cert.code, describeRun(cert)).toBe(0);
		const keyFile = dir.path(`${alias}-key.pem`);
		const certFile = dir.path(`${alias}-cert.pem`);
		writeFileSync(keyFile, key.stdout, { mode: 0o600 });
		writeFileSync(certFile, cert.stdout);
		const fromKey = await run('openssl', ['pkey', '-in', keyFile, '-pubout']);
		const fromCert = await run('openssl', ['x509', '-in', certFile, '-noout', '-pubkey']);
		expect(fromKey.code, describeRun(fromKey)).toBe(0);
		expect(fromCert.stdout).toContain('BEGIN PUBLIC KEY');
		expect(fromKey.stdout).toBe(fromCert.stdout);
	});
});
