import { existsSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { publicKeys } from './support/openssl';
import { describeRun, run } from './support/run';

/**
 * An online CA under the offline root, with a real one: tests/e2e/online-ca.spec.ts had cfssl make an
 * intermediate key and CSR and the app's root sign it; here cfssl issues leaves with that
 * intermediate (`cfssl gencert -ca -ca-key -config`, github.com/cloudflare/cfssl cli/gencert) and
 * OpenSSL 3 verifies leaf → intermediate → the app's root.
 */

const SIGNED_ZIP = 'cfssl-online-intermediate-signed.zip';
const KEY = 'online-cfssl-int-key.pem';

/** cfssl's signing policy (github.com/cloudflare/cfssl doc/cmd/cfssl.txt, "signing" profiles). */
const CONFIG = {
	signing: {
		default: { expiry: '720h' },
		profiles: {
			server: { expiry: '720h', usages: ['signing', 'digital signature', 'key encipherment', 'server auth'] },
			client: { expiry: '720h', usages: ['signing', 'digital signature', 'client auth'] }
		}
	}
};

let zip: Unzipped;
beforeAll(async () => {
	if (!existsSync(bundlePath(KEY)))
		throw new Error(`${KEY} not found: run tests/e2e/online-ca.spec.ts first; expected ${bundlePath(KEY)}`);
	zip = await unzipBundle(SIGNED_ZIP);
	await copyFile(bundlePath(KEY), zip.path('int-key.pem'));
	await writeFile(zip.path('config.json'), JSON.stringify(CONFIG));
});
afterAll(() => zip?.remove());

/** `cfssl gencert` for one leaf, its JSON through `cfssljson -bare <name>`: <name>.pem and <name>-key.pem. */
async function cfsslLeaf(name: string, profile: 'server' | 'client', request: object): Promise<string> {
	await writeFile(zip.path(`${name}.json`), JSON.stringify(request));
	const gencert = await run(
		'cfssl',
		[
			'gencert',
			'-ca',
			'cfssl-online-intermediate.crt',
			'-ca-key',
			'int-key.pem',
			'-config',
			'config.json',
			'-profile',
			profile,
			`${name}.json`
		],
		{ cwd: zip.dir }
	);
	expect(gencert.code, describeRun(gencert)).toBe(0);
	const bare = await run('cfssljson', ['-bare', name], { cwd: zip.dir, input: gencert.stdout });
	expect(bare.code, describeRun(bare)).toBe(0);
	return zip.path(`${name}.pem`);
}

function verify(caFile: string, cert: string, untrusted?: string, purpose?: string) {
	return run('openssl', [
		'verify',
		'-CAfile',
		caFile,
		...(untrusted ? ['-untrusted', untrusted] : []),
		...(purpose ? ['-purpose', purpose] : []),
		cert
	]);
}

describe('cfssl as an online CA under the app root', () => {
	test("the signed intermediate carries cfssl's key, is a CA with path length 0, and verifies to the root", async () => {
		const inter = zip.path('cfssl-online-intermediate.crt');
		const { fromCert, fromKey } = await publicKeys(inter, zip.path('int-key.pem'));
		expect(fromCert).toBe(fromKey);
		const text = await run('openssl', ['x509', '-in', inter, '-noout', '-ext', 'basicConstraints,keyUsage']);
		expect(text.stdout).toMatch(/CA:TRUE, pathlen:0/);
		expect(text.stdout).toMatch(/Certificate Sign/);
		const result = await verify(zip.path('ca.crt'), inter);
		expect(result.code, describeRun(result)).toBe(0);
	});

	test('cfssl issues a server and a client leaf; openssl verifies each leaf → intermediate → root', async () => {
		const server = await cfsslLeaf('api', 'server', {
			CN: 'api.online.example',
			hosts: ['api.online.example', '127.0.0.1'],
			key: { algo: 'ecdsa', size: 256 }
		});
		const client = await cfsslLeaf('worker', 'client', { CN: 'worker', key: { algo: 'ecdsa', size: 256 } });
		const inter = zip.path('cfssl-online-intermediate.crt');
		for (const [leaf, purpose] of [
			[server, 'sslserver'],
			[client, 'sslclient']
		] as const) {
			const result = await verify(zip.path('ca.crt'), leaf, inter, purpose);
			expect(result.code, describeRun(result)).toBe(0);
			expect(result.stdout).toContain(': OK');
		}
		// The chain file the app wrote (intermediate, as a server sends it) serves as the untrusted part too.
		const viaChain = await verify(zip.path('ca.crt'), server, zip.path('cfssl-online-intermediate-chain.crt'));
		expect(viaChain.code, describeRun(viaChain)).toBe(0);
	});

	test('without the intermediate, or trusting the intermediate alone, the leaf does not verify', async () => {
		const leaf = await cfsslLeaf('lonely', 'server', {
			CN: 'lonely.online.example',
			hosts: ['lonely.online.example'],
			key: { algo: 'ecdsa', size: 256 }
		});
		const noIntermediate = await verify(zip.path('ca.crt'), leaf);
		expect(noIntermediate.code).not.toBe(0);
		expect(noIntermediate.stderr + noIntermediate.stdout).toMatch(/unable to get local issuer certificate/);
		const noRoot = await verify(zip.path('cfssl-online-intermediate.crt'), leaf);
		expect(noRoot.code).not.toBe(0);
	});
});
