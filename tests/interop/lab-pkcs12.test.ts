import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { opensslVerify } from './support/openssl';
import { HANDSHAKE_JAVA } from './support/p12-handshake';
import { describeRun, run } from './support/run';

/**
 * The Elasticsearch quick lab as PKCS#12, downloaded by tests/e2e/lab-pkcs12.spec.ts,
 * handed to the JDK as Elasticsearch uses it (keytool; two nodes' .p12 as keystore and truststore in
 * a mutual-TLS handshake with hostname verification, as verification_mode: full does) and to
 * OpenSSL 3 (pkcs12 -info, verify -purpose).
 */
const CA = 'CN=P12 Lab CA';
const NODES = ['node1', 'node2', 'node3'] as const;

function password(): string {
	const file = bundlePath('lab-p12-password.txt');
	if (!existsSync(file))
		throw new Error(`lab-p12-password.txt not found: run tests/e2e/lab-pkcs12.spec.ts first; expected ${file}`);
	return readFileSync(file, 'utf8').trimEnd();
}

let lab: Unzipped;
let pass: string;
beforeAll(async () => {
	pass = password();
	lab = await unzipBundle(BUNDLES.labElasticsearchP12);
	writeFileSync(lab.path('P12Handshake.java'), HANDSHAKE_JAVA);
});
afterAll(async () => lab?.remove());

/** keytool's entries by alias (keytool prints aliases as stored; ours are lower case). */
async function keytoolEntries(file: string): Promise<Map<string, string>> {
	const result = await run('keytool', [
		'-list',
		'-v',
		'-storetype',
		'PKCS12',
		'-keystore',
		lab.path(file),
		'-storepass',
		pass
	]);
	expect(result.code, describeRun(result)).toBe(0);
	expect(result.stdout).toContain('Your keystore contains 2 entries');
	return new Map(
		result.stdout
			.split(/^Alias name: /m)
			.slice(1)
			.map((entry) => [entry.slice(0, entry.indexOf('\n')), entry])
	);
}

describe.each(NODES)('%s', (node) => {
	test.each([
		{ file: `${node}/${node}.p12`, alias: node },
		{ file: `${node}/http.p12`, alias: 'http' }
	])(
		'keytool lists $file: a PrivateKeyEntry "$alias" with its chain to the CA, and the CA as trustedCertEntry "ca"',
		async ({ file, alias }) => {
			const entries = await keytoolEntries(file);
			expect([...entries.keys()].sort()).toEqual([alias, 'ca'].sort());
			const key = entries.get(alias) ?? '';
			expect(key).toMatch(/^.*\n.*\nEntry type: PrivateKeyEntry\nCertificate chain length: 2\n/);
			expect(key).toMatch(new RegExp(`Certificate\\[1\\]:\\nOwner: CN=${node}\\nIssuer: ${CA}\\n`));
			expect(key).toMatch(new RegExp(`Certificate\\[2\\]:\\nOwner: ${CA}\\nIssuer: ${CA}\\n`));
			expect(entries.get('ca')).toMatch(new RegExp(`Entry type: trustedCertEntry\\n\\nOwner: ${CA}\\n`));
		}
	);

	test(`openssl pkcs12 -info reads ${node}/${node}.p12 (SHA-256 MAC, PBES2 AES-256-CBC); its leaf verifies as TLS server and client`, async () => {
		const info = await run('openssl', [
			'pkcs12',
			'-info',
			'-in',
			lab.path(node, `${node}.p12`),
			'-passin',
			`pass:${pass}`,
			'-noout'
		]);
		expect(info.code, describeRun(info)).toBe(0);
		expect(info.stderr).toMatch(/MAC: sha256/);
		expect(info.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
		const leaf = lab.path(node, `${node}.leaf.pem`);
		const out = await run('openssl', [
			'pkcs12',
			'-in',
			lab.path(node, `${node}.p12`),
			'-passin',
			`pass:${pass}`,
			'-clcerts',
			'-nokeys',
			'-out',
			leaf
		]);
		expect(out.code, describeRun(out)).toBe(0);
		for (const purpose of ['sslserver', 'sslclient'] as const) {
			const verified = await opensslVerify(lab.path('ca', 'ca.crt'), purpose, leaf);
			expect(verified.code, describeRun(verified)).toBe(0);
		}
	});

	test(`a wrong password is refused for ${node}/${node}.p12 (the MAC is checked)`, async () => {
		const result = await run('openssl', [
			'pkcs12',
			'-info',
			'-in',
			lab.path(node, `${node}.p12`),
			'-passin',
			'pass:not the password',
			'-noout'
		]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/Mac verify error: invalid password\?/);
	});
});

test('node1 and node2 complete a Java mutual-TLS handshake, each with its own .p12 as keystore and truststore', async () => {
	const result = await run(
		'java',
		[lab.path('P12Handshake.java'), lab.path('node1', 'node1.p12'), lab.path('node2', 'node2.p12'), pass],
		{ timeoutMs: 90_000 }
	);
	expect(result.code, describeRun(result)).toBe(0);
	expect(result.stdout).toContain('server verified client CN=node2');
	expect(result.stdout).toMatch(/client verified server CN=node1 over TLSv1\.3, reply 42/);
});

describe('start-elasticsearch.sh with a stand-in $ES_HOME (records what the script runs; no Elasticsearch is started)', () => {
	/** bin/elasticsearch-keystore and bin/elasticsearch that log their arguments and stdin. */
	function fakeEsHome(): string {
		const home = lab.path('fake-es');
		mkdirSync(`${home}/bin`, { recursive: true });
		const logger = (name: string) =>
			'#!/usr/bin/env bash\n' +
			`printf '${name} %s\\n' "$*" >> "$(dirname "$0")/../calls.log"\n` +
			`if [ "${name}" = keystore ]; then printf 'stdin=%s\\n' "$(cat)" >> "$(dirname "$0")/../calls.log"; fi\n`;
		writeFileSync(`${home}/bin/elasticsearch-keystore`, logger('keystore'));
		writeFileSync(`${home}/bin/elasticsearch`, logger('elasticsearch'));
		chmodSync(`${home}/bin/elasticsearch-keystore`, 0o755);
		chmodSync(`${home}/bin/elasticsearch`, 0o755);
		return home;
	}

	test('refuses to start without LAB_P12_PASSWORD', async () => {
		const result = await run('bash', [lab.path('start-elasticsearch.sh')], {
			env: { PATH: process.env.PATH, ES_HOME: fakeEsHome(), LAB_DATA_DIR: lab.path('data') }
		});
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain('set LAB_P12_PASSWORD to the keystore password');
	});

	test('stores the password through stdin under the four secure settings, and passes keystore paths, never the password, to the nodes', async () => {
		const home = fakeEsHome();
		const result = await run('bash', [lab.path('start-elasticsearch.sh')], {
			env: { PATH: process.env.PATH, ES_HOME: home, LAB_DATA_DIR: lab.path('data'), LAB_P12_PASSWORD: pass }
		});
		expect(result.code, describeRun(result)).toBe(0);
		const calls = readFileSync(`${home}/calls.log`, 'utf8');
		const stored = [...calls.matchAll(/^keystore add -f --stdin (\S+)\nstdin=(.*)$/gm)].map(([, setting, value]) => [
			setting,
			value
		]);
		expect(stored).toEqual(
			['transport.ssl.keystore', 'transport.ssl.truststore', 'http.ssl.keystore', 'http.ssl.truststore'].map((s) => [
				`xpack.security.${s}.secure_password`,
				pass
			])
		);
		const starts = calls.split('\n').filter((line) => line.startsWith('elasticsearch '));
		expect(starts).toHaveLength(3);
		expect(starts[1]).toContain(
			'-E xpack.security.transport.ssl.keystore.path=certs/node2/node2.p12 -E xpack.security.transport.ssl.truststore.path=certs/node2/node2.p12'
		);
		expect(starts[1]).toContain('-E xpack.security.http.ssl.keystore.path=certs/node2/http.p12');
		expect(starts.join('\n')).not.toContain(pass);
		// The keystores are where those relative paths resolve: $ES_HOME/config/certs.
		expect(existsSync(`${home}/config/certs/node2/node2.p12`)).toBe(true);
	});
});
