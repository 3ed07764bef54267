import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encryptPkcs8Pem } from '../../src/lib/export/encrypted-pkcs8';
import { buildPkcs12, pkcs12Password, type Pkcs12Input } from '../../src/lib/export/pkcs12';
import { pem } from '../../src/lib/pki/der/pem';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { HANDSHAKE_JAVA } from './support/p12-handshake';
import { makePkcs12Fixture, type Pkcs12Fixture } from './support/pkcs12-fixtures';

/**
 * The .p12 and the encrypted PKCS#8 are made here with the app's own code, then handed to the real
 * consumers: the JDK (keytool, and a mutual-TLS handshake with the file as both keystore and
 * truststore, as Elasticsearch's transport layer uses it) and OpenSSL 3.
 */

const PASSWORD = 'Elastic-transport 42!';
let dir: string;

function run(command: string, args: string[], input?: string) {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...(input ? { input } : {}) });
	if (result.error) throw result.error;
	return { status: result.status, out: `${result.stdout}${result.stderr}`, stdout: result.stdout };
}

function runBinary(command: string, args: string[]): Buffer {
	const result = spawnSync(command, args, { timeout: 60_000 });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
	return result.stdout;
}

async function writeP12(name: string, parts: Omit<Pkcs12Input, 'alias' | 'password'>): Promise<string> {
	const path = join(dir, name);
	writeFileSync(
		path,
		await buildPkcs12({ ...parts, alias: 'node-1', password: pkcs12Password(PASSWORD) }, globalThis.crypto)
	);
	return path;
}

const sha256Colon = async (der: Uint8Array) =>
	Array.from(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', der.slice())), (b) =>
		b.toString(16).padStart(2, '0').toUpperCase()
	).join(':');

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'p12-interop-'));
	writeFileSync(join(dir, 'P12Handshake.java'), HANDSHAKE_JAVA);
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** What `openssl pkcs12 -info` reports for each compatibility (export/pkcs12.ts). */
const OPENSSL_INFO = {
	modern: [
		'MAC: sha256, Iteration 100000',
		'PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256',
		'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256'
	],
	legacy: [
		'MAC: sha1, Iteration 10000',
		'PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000',
		'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 10000'
	]
} as const;

describe.each([
	{ alg: 'P-256' as const, intermediate: true, compatibility: 'modern' as const },
	{ alg: 'RSA-2048' as const, intermediate: false, compatibility: 'modern' as const },
	{ alg: 'P-256' as const, intermediate: true, compatibility: 'legacy' as const },
	{ alg: 'RSA-2048' as const, intermediate: false, compatibility: 'legacy' as const }
])('PKCS#12 ($compatibility) with a $alg key (intermediate: $intermediate)', ({ alg, intermediate, compatibility }) => {
	let fx: Pkcs12Fixture;
	let p12Path: string;
	let peerPath: string;
	beforeAll(async () => {
		fx = await makePkcs12Fixture(alg, { intermediate, host: 'localhost', peers: 1 });
		const chainDer = fx.intermediateDer ? [fx.intermediateDer] : [];
		p12Path = await writeP12(`${alg}-${compatibility}-node-1.p12`, {
			compatibility,
			privateKeyPkcs8: fx.pkcs8,
			certificateDer: fx.leafDer,
			chainDer,
			trustedCaDer: [fx.rootDer]
		});
		const peer = fx.peers[0]!;
		peerPath = await writeP12(`${alg}-${compatibility}-node-2.p12`, {
			compatibility,
			privateKeyPkcs8: peer.pkcs8,
			certificateDer: peer.leafDer,
			chainDer,
			trustedCaDer: [fx.rootDer]
		});
	});

	test('keytool lists a PrivateKeyEntry with the full chain and a trustedCertEntry for the CA', async () => {
		const { status, out } = run('keytool', [
			'-list',
			'-v',
			'-storetype',
			'PKCS12',
			'-keystore',
			p12Path,
			'-storepass',
			PASSWORD
		]);
		expect(status, out).toBe(0);
		expect(out).toContain('Your keystore contains 2 entries');
		const entries = out.split(/^Alias name: /m).slice(1);
		const keyEntry = entries.find((e) => e.startsWith('node-1\n'));
		const caEntry = entries.find((e) => e.startsWith('ca\n'));
		expect(keyEntry).toMatch(/Entry type: PrivateKeyEntry\nCertificate chain length: (\d)/);
		expect(keyEntry!.match(/Certificate chain length: (\d)/)![1]).toBe(intermediate ? '3' : '2');
		expect(keyEntry).toContain('Owner: CN=node, O=Cockroach');
		expect(caEntry).toContain('Entry type: trustedCertEntry');
		expect(caEntry).toContain(`Owner: CN=Fixture Root ${alg}`);
		expect(caEntry).toContain(`SHA256: ${await sha256Colon(fx.rootDer)}`);
	});

	test('keytool refuses a wrong password', () => {
		const { status, out } = run('keytool', [
			'-list',
			'-storetype',
			'PKCS12',
			'-keystore',
			p12Path,
			'-storepass',
			`${PASSWORD}x`
		]);
		expect(status).not.toBe(0);
		expect(out).toContain('keystore password was incorrect');
	});

	test(`openssl pkcs12 -info (no -legacy) verifies the MAC and decrypts the ${compatibility} safes`, () => {
		const { status, out } = run('openssl', [
			'pkcs12',
			'-info',
			'-in',
			p12Path,
			'-passin',
			`pass:${PASSWORD}`,
			'-noout'
		]);
		expect(status, out).toBe(0);
		for (const line of OPENSSL_INFO[compatibility]) expect(out).toContain(line);
		expect(out.match(/^Certificate bag$/gm)).toHaveLength(intermediate ? 3 : 2);
	});

	test('openssl extracts the same key and reports its localKeyID and friendlyName', () => {
		const { status, stdout } = run('openssl', [
			'pkcs12',
			'-in',
			p12Path,
			'-passin',
			`pass:${PASSWORD}`,
			'-nocerts',
			'-nodes'
		]);
		expect(status).toBe(0);
		expect(stdout).toContain('friendlyName: node-1');
		expect(stdout).toMatch(/localKeyID: [0-9A-F ]{59}/);
		const keyPath = join(dir, `${alg}-${compatibility}-extracted.key`);
		writeFileSync(keyPath, stdout);
		const spki = runBinary('openssl', ['pkey', '-in', keyPath, '-pubout', '-outform', 'DER']);
		expect(spki.toString('hex')).toBe(Buffer.from(fx.spki).toString('hex'));
	});

	test('openssl refuses a wrong password', () => {
		const { status, out } = run('openssl', [
			'pkcs12',
			'-info',
			'-in',
			p12Path,
			'-passin',
			'pass:wrong-password',
			'-noout'
		]);
		expect(status).not.toBe(0);
		expect(out).toContain('Mac verify error');
	});

	test('two Java nodes complete a mutual-TLS handshake, each using its file as keystore and truststore', () => {
		const { status, out } = run('java', [join(dir, 'P12Handshake.java'), p12Path, peerPath, PASSWORD]);
		expect(status, out).toBe(0);
		expect(out).toContain('server verified client CN=node, O=Cockroach');
		expect(out).toMatch(/client verified server CN=node, O=Cockroach over TLSv1\.3, reply 42/);
	});
});

test('Java refuses the handshake when a node trusts a different CA (the trusted entry is what it trusts)', async () => {
	const fx = await makePkcs12Fixture('P-256', { host: 'localhost', peers: 1 });
	const stranger = await makePkcs12Fixture('P-256');
	const serverPath = await writeP12('trusting-server.p12', {
		privateKeyPkcs8: fx.pkcs8,
		certificateDer: fx.leafDer,
		chainDer: [],
		trustedCaDer: [fx.rootDer]
	});
	const peer = fx.peers[0]!;
	const clientPath = await writeP12('wrong-ca-client.p12', {
		privateKeyPkcs8: peer.pkcs8,
		certificateDer: peer.leafDer,
		chainDer: [],
		trustedCaDer: [stranger.rootDer]
	});
	const listed = run('keytool', ['-list', '-storetype', 'PKCS12', '-keystore', clientPath, '-storepass', PASSWORD]);
	expect(listed.out).toMatch(/^ca, .*trustedCertEntry/m);
	const { status, out } = run('java', [join(dir, 'P12Handshake.java'), serverPath, clientPath, PASSWORD]);
	expect(status, out).toBe(2);
	// The server's chain reaches the client's only anchor nowhere: "Path does not chain with any of the trust anchors".
	expect(out).toMatch(/client failed: javax\.net\.ssl\.SSLHandshakeException: PKIX path (building|validation) failed/);
});

describe.each(['P-256', 'RSA-2048'] as const)('encrypted PKCS#8 with a %s key', (alg) => {
	let fx: Pkcs12Fixture;
	let plainSpki: string;
	beforeAll(async () => {
		fx = await makePkcs12Fixture(alg);
		const plainPath = join(dir, `${alg}-plain.key`);
		writeFileSync(plainPath, pem(new Uint8Array(fx.pkcs8), 'PRIVATE KEY'));
		plainSpki = runBinary('openssl', ['pkey', '-in', plainPath, '-pubout', '-outform', 'DER']).toString('hex');
	});

	test.each([
		['an ASCII password', 'horse battery staple'],
		['a non-ASCII password', 'pässwörd-Ω']
	])('openssl pkey decrypts it with %s to the same key', async (_label, password) => {
		const path = join(dir, `${alg}-encrypted.key`);
		writeFileSync(path, await encryptPkcs8Pem(fx.pkcs8, password, globalThis.crypto));
		const spki = runBinary('openssl', [
			'pkey',
			'-in',
			path,
			'-passin',
			`pass:${password}`,
			'-pubout',
			'-outform',
			'DER'
		]).toString('hex');
		expect(spki).toBe(plainSpki);
		expect(spki).toBe(Buffer.from(fx.spki).toString('hex'));
		const parsed = run('openssl', ['asn1parse', '-in', path]).out;
		expect(parsed).toContain('PBES2');
		expect(parsed).toContain('hmacWithSHA256');
		expect(parsed).toContain('aes-256-cbc');
		expect(parsed).toContain('INTEGER           :0927C0'); // 600,000 iterations
		const wrong = run('openssl', ['pkey', '-in', path, '-passin', `pass:${password}x`, '-noout']);
		expect(wrong.status).not.toBe(0);
	});
});

describe('the legacy .p12 the e2e suite saved (tests/e2e/pkcs12-legacy.spec.ts)', () => {
	let p12Path: string;
	let password: string;
	let bundle: Unzipped;
	afterAll(() => bundle?.remove());
	beforeAll(async () => {
		bundle = await unzipBundle('elasticsearch-p12-legacy.zip');
		p12Path = bundle.path('node-1', 'node-1.p12');
		password = readFileSync(bundlePath('p12-legacy-password.txt'), 'utf8').trim();
	});

	test('OpenSSL 3 opens it without -legacy: SHA-1 MAC, 3DES certificates and key', () => {
		const { status, out } = run('openssl', [
			'pkcs12',
			'-info',
			'-noout',
			'-in',
			p12Path,
			'-passin',
			`pass:${password}`
		]);
		expect(status, out).toBe(0);
		for (const line of OPENSSL_INFO.legacy) expect(out).toContain(line);
	});

	test('keytool lists its key entry and the CA as a trustedCertEntry', () => {
		const { status, out } = run('keytool', [
			'-list',
			'-storetype',
			'PKCS12',
			'-keystore',
			p12Path,
			'-storepass',
			password
		]);
		expect(status, out).toBe(0);
		expect(out).toContain('Your keystore contains 2 entries');
		expect(out).toMatch(/^node-1, .*PrivateKeyEntry,/m);
		expect(out).toMatch(/^ca, .*trustedCertEntry,/m);
	});
});
