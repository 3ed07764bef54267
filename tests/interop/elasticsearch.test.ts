import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { describeCertificate, opensslVerify } from './support/openssl';
import { HANDSHAKE_JAVA } from './support/p12-handshake';
import { describeRun, run } from './support/run';

/**
 * The Elasticsearch bundles tests/e2e/elasticsearch.spec.ts downloaded, handed to the real consumers:
 * the JDK (keytool, and a mutual-TLS handshake with each node's .p12 as keystore and truststore, as
 * xpack.security.transport.ssl.keystore.path / truststore.path use it) and OpenSSL 3 (pkcs12 -info,
 * verify -purpose for Elastic's EKU rule, https://www.elastic.co/docs/deploy-manage/security/external-ca-transport:
 * a transport certificate must be usable as TLS server and client, an HTTP certificate only as server).
 */
const ZIPS = {
	pem: 'elasticsearch-pem.zip',
	p12: 'elasticsearch-p12.zip',
	instances: 'elasticsearch-instances-p12.zip'
} as const;

function password(): string {
	const file = bundlePath('p12-password.txt');
	if (!existsSync(file))
		throw new Error(
			`p12-password.txt not found: run the e2e suite (tests/e2e/elasticsearch.spec.ts) first; expected ${file}`
		);
	return readFileSync(file, 'utf8').trimEnd();
}

let pem: Unzipped;
let p12: Unzipped;
let instances: Unzipped;
let pass: string;
beforeAll(async () => {
	pass = password();
	pem = await unzipBundle(ZIPS.pem);
	p12 = await unzipBundle(ZIPS.p12);
	instances = await unzipBundle(ZIPS.instances);
	writeFileSync(instances.path('P12Handshake.java'), HANDSHAKE_JAVA);
});
afterAll(async () => {
	await Promise.all([pem?.remove(), p12?.remove(), instances?.remove()]);
});

/** The leaf certificate out of a .p12, as PEM, through openssl (which checks the MAC on the way). */
async function leafOf(bundle: Unzipped, p12File: string): Promise<string> {
	const out = bundle.path(`${p12File}.leaf.pem`);
	const result = await run('openssl', [
		'pkcs12',
		'-in',
		bundle.path(p12File),
		'-passin',
		`pass:${pass}`,
		'-clcerts',
		'-nokeys',
		'-out',
		out
	]);
	expect(result.code, describeRun(result)).toBe(0);
	return out;
}

describe.each([
	{ zip: 'p12', file: 'node-1/node-1.p12', alias: 'node-1' },
	{ zip: 'instances', file: 'node-1/node-1.p12', alias: 'node-1' },
	{ zip: 'instances', file: 'node-2/node-2.p12', alias: 'node-2' }
] as const)('$file of $zip', ({ zip, file, alias }) => {
	const bundle = () => (zip === 'p12' ? p12 : instances);

	test('keytool lists a PrivateKeyEntry (alias = node name) and a trustedCertEntry "ca"', async () => {
		const result = await run('keytool', [
			'-list',
			'-v',
			'-storetype',
			'PKCS12',
			'-keystore',
			bundle().path(file),
			'-storepass',
			pass
		]);
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout).toContain('Your keystore contains 2 entries');
		const entries = result.stdout.split(/^Alias name: /m).slice(1);
		expect(entries.find((e) => e.startsWith(`${alias}\n`))).toMatch(
			/Entry type: PrivateKeyEntry\nCertificate chain length: 2/
		);
		expect(entries.find((e) => e.startsWith('ca\n'))).toMatch(
			/Entry type: trustedCertEntry\n[\s\S]*Owner: CN=ES Root CA/
		);
	});

	test('openssl pkcs12 -info reads it: SHA-256 MAC, PBES2 AES-256-CBC', async () => {
		const result = await run('openssl', [
			'pkcs12',
			'-info',
			'-in',
			bundle().path(file),
			'-passin',
			`pass:${pass}`,
			'-noout'
		]);
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stderr).toMatch(/MAC: sha256/);
		expect(result.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
	});
});

describe('EKU rules with openssl verify -purpose', () => {
	test('PEM transport certificate: no extendedKeyUsage, valid as TLS server and client', async () => {
		expect(await describeCertificate(pem.path('node-1', 'node-1.crt'))).not.toMatch(/Extended Key Usage/);
		for (const purpose of ['sslserver', 'sslclient'] as const) {
			const result = await opensslVerify(pem.path('ca', 'ca.crt'), purpose, pem.path('node-1', 'node-1.crt'));
			expect(result.code, describeRun(result)).toBe(0);
		}
	});

	test('PKCS#12 transport certificate with both EKUs: valid as TLS server and client', async () => {
		const leaf = await leafOf(p12, 'node-1/node-1.p12');
		expect(await describeCertificate(leaf)).toMatch(
			/X509v3 Extended Key Usage:\s*\n\s*TLS Web Server Authentication, TLS Web Client Authentication/
		);
		for (const purpose of ['sslserver', 'sslclient'] as const) {
			const result = await opensslVerify(p12.path('ca', 'ca.crt'), purpose, leaf);
			expect(result.code, describeRun(result)).toBe(0);
		}
	});

	test('HTTP certificate: serverAuth only, so sslserver passes and sslclient fails', async () => {
		const server = await opensslVerify(pem.path('ca', 'ca.crt'), 'sslserver', pem.path('node-1', 'http.crt'));
		expect(server.code, describeRun(server)).toBe(0);
		const client = await opensslVerify(pem.path('ca', 'ca.crt'), 'sslclient', pem.path('node-1', 'http.crt'));
		expect(client.code, describeRun(client)).not.toBe(0);
		expect(client.stderr).toMatch(/error 26 at 0 depth lookup: unsuitable certificate purpose/);
	});

	test('the instances.yml cn entry is an otherName SAN next to the DNS and IP names', async () => {
		const leaf = await leafOf(instances, 'node-2/node-2.p12');
		const text = await describeCertificate(leaf);
		expect(text).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1, othername: commonName::node-2\.cluster/);
	});
});

test('two Java nodes complete a mutual-TLS handshake, each with its own .p12 as keystore and truststore', async () => {
	const result = await run(
		'java',
		[
			instances.path('P12Handshake.java'),
			instances.path('node-1', 'node-1.p12'),
			instances.path('node-2', 'node-2.p12'),
			pass
		],
		{ timeoutMs: 90_000 }
	);
	expect(result.code, describeRun(result)).toBe(0);
	expect(result.stdout).toContain('server verified client CN=node-2');
	expect(result.stdout).toMatch(/client verified server CN=node-1 over TLSv1\.3, reply 42/);
});
