import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makePkcs12Fixture, type Pkcs12Fixture } from '../../../tests/interop/support/pkcs12-fixtures';
import { pem, pemCertificates } from '../pki/der/pem';
import { readPkcs12 } from '../pki/parse/pkcs12';
import { OID_PBE_SHA1_3DES } from '../pki/pbe/pkcs12-pbe';
import { passwordBytes, pkijsEngine } from '../testing/pkijs-reader';
import { buildPkcs12, LEGACY_PKCS12_ITERATIONS, pkcs12Password, type Pkcs12Input } from './pkcs12';

/**
 * Legacy PKCS#12 (3DES for key and certificates, a SHA-1 MAC): what the app writes is opened by
 * OpenSSL 3 without -legacy and by pkijs (its MAC), and what OpenSSL writes that way is read back.
 */
const PASSWORD = 'legacy pass 7';
const hex = (b: ArrayBuffer | Uint8Array) =>
	Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');
let dir: string;
let fx: Pkcs12Fixture;
let input: Pkcs12Input;

function openssl(args: string[]) {
	const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60_000 });
	return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'p12-legacy-'));
	fx = await makePkcs12Fixture('P-256', { intermediate: true });
	input = {
		privateKeyPkcs8: fx.pkcs8,
		certificateDer: fx.leafDer,
		chainDer: [fx.intermediateDer!],
		trustedCaDer: [fx.rootDer],
		alias: 'node1',
		password: pkcs12Password(PASSWORD),
		compatibility: 'legacy'
	};
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a legacy .p12 written by the app', () => {
	let p12: Uint8Array<ArrayBuffer>;
	beforeAll(async () => {
		p12 = await buildPkcs12(input, globalThis.crypto);
		writeFileSync(join(dir, 'app-legacy.p12'), p12);
	});

	test('OpenSSL 3 opens it without -legacy: SHA-1 MAC, 3DES certificates and key, 10,000 rounds', () => {
		const { status, out } = openssl([
			'pkcs12',
			'-info',
			'-noout',
			'-in',
			join(dir, 'app-legacy.p12'),
			'-passin',
			`pass:${PASSWORD}`
		]);
		expect(status, out).toBe(0);
		expect(out).toContain(`MAC: sha1, Iteration ${LEGACY_PKCS12_ITERATIONS.mac}`);
		expect(out).toContain('MAC length: 20, salt length: 8');
		expect(out).toContain('PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000');
		expect(out).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000');
		expect(out.match(/^Certificate bag$/gm)).toHaveLength(3);
	});

	test('OpenSSL extracts the same key', () => {
		const keyPath = join(dir, 'extracted.key');
		const out = openssl([
			'pkcs12',
			'-in',
			join(dir, 'app-legacy.p12'),
			'-passin',
			`pass:${PASSWORD}`,
			'-nocerts',
			'-nodes',
			'-out',
			keyPath
		]);
		expect(out.status, out.out).toBe(0);
		const spki = spawnSync('openssl', ['pkey', '-in', keyPath, '-pubout', '-outform', 'DER']).stdout;
		expect(hex(spki)).toBe(hex(fx.spki));
	});

	test('pkijs verifies its SHA-1 MAC and finds the key bag under pbeWithSHAAnd3-KeyTripleDES-CBC', async () => {
		const pfx = pkijs.PFX.fromBER(p12.slice().buffer);
		await pfx.parseInternalValues({ password: passwordBytes(PASSWORD), checkIntegrity: true }, pkijsEngine);
		expect(pfx.macData?.mac.digestAlgorithm.algorithmId).toBe('1.3.14.3.2.26');
		await expect(
			pkijs.PFX.fromBER(p12.slice().buffer).parseInternalValues(
				{ password: passwordBytes('wrong'), checkIntegrity: true },
				pkijsEngine
			)
		).rejects.toThrow();
		const authSafe = pfx.parsedValue!.authenticatedSafe!;
		const [encrypted, data] = authSafe.safeContents;
		const encryptedData = new pkijs.EncryptedData({ schema: encrypted!.content });
		expect(encryptedData.encryptedContentInfo.contentEncryptionAlgorithm.algorithmId).toBe(OID_PBE_SHA1_3DES);
		const keySafe = pkijs.SafeContents.fromBER(
			(data!.content as unknown as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView.slice().buffer
		);
		const keyBag = keySafe.safeBags[0]!.bagValue as pkijs.PKCS8ShroudedKeyBag;
		expect(keyBag.encryptionAlgorithm.algorithmId).toBe(OID_PBE_SHA1_3DES);
	});

	test("the app's reader opens it again: the same key, leaf, chain and trusted CA", async () => {
		const bags = await readPkcs12(p12, PASSWORD, globalThis.crypto);
		expect(bags.filter((b) => b.kind === 'private-key').map((b) => hex(b.der))).toEqual([hex(fx.pkcs8)]);
		expect(bags.filter((b) => b.kind === 'certificate').map((b) => hex(b.der))).toEqual(
			[fx.leafDer, fx.intermediateDer!, fx.rootDer].map(hex)
		);
		await expect(readPkcs12(p12, 'wrong password', globalThis.crypto)).rejects.toMatchObject({
			code: 'password-wrong'
		});
	});
});

describe('a legacy .p12 made by OpenSSL', () => {
	test('openssl pkcs12 -export -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 is read, key and certificates', async () => {
		const keyPath = join(dir, 'ossl.key');
		const certPath = join(dir, 'ossl.crt');
		const chainPath = join(dir, 'ossl-chain.crt');
		writeFileSync(keyPath, pem(new Uint8Array(fx.pkcs8), 'PRIVATE KEY', true));
		writeFileSync(certPath, pem(fx.leafDer, 'CERTIFICATE', true));
		writeFileSync(chainPath, pemCertificates([fx.intermediateDer!, fx.rootDer]));
		const out = join(dir, 'ossl-legacy.p12');
		const made = openssl([
			'pkcs12',
			'-export',
			'-certpbe',
			'PBE-SHA1-3DES',
			'-keypbe',
			'PBE-SHA1-3DES',
			'-macalg',
			'sha1',
			'-inkey',
			keyPath,
			'-in',
			certPath,
			'-certfile',
			chainPath,
			'-passout',
			`pass:${PASSWORD}`,
			'-out',
			out
		]);
		expect(made.status, made.out).toBe(0);
		const info = openssl(['pkcs12', '-info', '-noout', '-in', out, '-passin', `pass:${PASSWORD}`]);
		expect(info.out).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC');
		const bags = await readPkcs12(new Uint8Array(readFileSync(out)), PASSWORD, globalThis.crypto);
		expect(bags.filter((b) => b.kind === 'private-key').map((b) => hex(b.der))).toEqual([hex(fx.pkcs8)]);
		expect(new Set(bags.filter((b) => b.kind === 'certificate').map((b) => hex(b.der)))).toEqual(
			new Set([fx.leafDer, fx.intermediateDer!, fx.rootDer].map(hex))
		);
		await expect(readPkcs12(new Uint8Array(readFileSync(out)), 'nope', globalThis.crypto)).rejects.toMatchObject({
			code: 'password-wrong'
		});
	});
});
