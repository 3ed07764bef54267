import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newP256Csr, signedBy } from '../../src/lib/testing/openssl';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { describeRun, run } from './support/run';

/**
 * Signing CSRs and putting our CA under an outside root, checked by OpenSSL 3 on what tests/e2e/csr.spec.ts saved: a
 * certificate the app signed for an openssl CSR, our CA after an openssl root signed its CSR, and an
 * online CA's intermediate CSR signed by our root (then used by openssl to sign a leaf, as Vault or
 * step-ca would).
 */

function input(name: string): string {
	const path = bundlePath(name);
	if (!existsSync(path)) throw new Error(`${name} not found: run tests/e2e/csr.spec.ts first; expected ${path}`);
	return path;
}

async function openssl(...args: string[]): Promise<string> {
	const result = await run('openssl', args);
	if (result.code !== 0) throw new Error(describeRun(result));
	return result.stdout;
}

/** `openssl verify -CAfile root [-untrusted chain] -purpose p cert`, returning the run for assertions on failure too. */
function verify(root: string, cert: string, options: { untrusted?: string; purpose?: string } = {}) {
	return run('openssl', [
		'verify',
		'-CAfile',
		root,
		...(options.untrusted ? ['-untrusted', options.untrusted] : []),
		...(options.purpose ? ['-purpose', options.purpose] : []),
		cert
	]);
}

const opened: Unzipped[] = [];
let work: string;
beforeAll(async () => {
	work = await mkdtemp(join(tmpdir(), 'interop-csr-'));
});
afterAll(async () => {
	await Promise.all(opened.map((u) => u.remove()));
	await rm(work, { recursive: true, force: true });
});

async function unzip(name: string): Promise<Unzipped> {
	const u = await unzipBundle(name);
	opened.push(u);
	return u;
}

describe('a node CSR made by openssl, signed in the app', () => {
	test("verifies as a TLS server under the app root, and carries exactly the CSR's public key", async () => {
		const zip = await unzip('db1-example-com-signed.zip');
		const cert = zip.path('db1-example-com.crt');
		const result = await verify(zip.path('ca.crt'), cert, {
			untrusted: zip.path('db1-example-com-chain.crt'),
			purpose: 'sslserver'
		});
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout).toContain(': OK');
		const fromCert = await openssl('x509', '-in', cert, '-noout', '-pubkey');
		const fromCsr = await openssl('req', '-in', input('csr-node.csr'), '-noout', '-pubkey');
		expect(fromCert).toBe(fromCsr);
		const text = await openssl(
			'x509',
			'-in',
			cert,
			'-noout',
			'-subject',
			'-ext',
			'subjectAltName,extendedKeyUsage,basicConstraints',
			'-nameopt',
			'RFC2253'
		);
		expect(text).toContain('subject=CN=db1.example.com,O=Example');
		expect(text).toMatch(/DNS:db1\.example\.com, DNS:db\.example\.com, IP Address:10\.0\.0\.5/);
		expect(text).toContain('TLS Web Server Authentication');
		expect(text).toContain('CA:FALSE');
		// A client purpose is not what the mtls server kind grants: openssl refuses it.
		const asClient = await verify(zip.path('ca.crt'), cert, { purpose: 'sslclient' });
		expect(asClient.code).not.toBe(0);
	});
});

describe('our CA under an openssl org root, via the CSR the app made', () => {
	test('a leaf our CA issued afterwards verifies against the org root with our CA as untrusted intermediate', async () => {
		const zip = await unzip('web-example-com-signed.zip');
		const orgRoot = input('csr-org-root.crt');
		expect(await openssl('x509', '-in', zip.path('ca.crt'), '-noout', '-fingerprint', '-sha256')).toBe(
			await openssl('x509', '-in', orgRoot, '-noout', '-fingerprint', '-sha256')
		);
		const leaf = zip.path('web-example-com.crt');
		const chain = zip.path('web-example-com-chain.crt');
		const result = await verify(orgRoot, leaf, { untrusted: chain, purpose: 'sslserver' });
		expect(result.code, describeRun(result)).toBe(0);
		// Without our CA as the intermediate there is no path: the chain file is what makes it verify.
		const alone = await verify(orgRoot, leaf, { purpose: 'sslserver' });
		expect(alone.code).not.toBe(0);
		expect(alone.stderr + alone.stdout).toMatch(/unable to get local issuer certificate/);
		expect(await openssl('x509', '-in', leaf, '-noout', '-pubkey')).toBe(
			await openssl('req', '-in', input('csr-web.csr'), '-noout', '-pubkey')
		);
	});
});

describe('bundles of our CA before and after it moved under the org root', () => {
	test('a leaf issued while it was a root and one issued after both verify against the org root through the new CA certificate', async () => {
		const orgRoot = input('csr-org-root.crt');
		const before = await unzip('csr-mtls-before-import.zip');
		const after = await unzip('csr-mtls-after-import.zip');
		const folder = (u: Unzipped, f: string) => (existsSync(u.path('server', f)) ? u.path('server', f) : u.path(f));
		// After the import the bundle's ca.crt is the org root, and server.crt carries our CA after the leaf.
		expect(await openssl('x509', '-in', folder(after, 'ca.crt'), '-noout', '-subject')).toMatch(/CN\s*=\s*Org Root/);
		const afterResult = await verify(orgRoot, folder(after, 'server.crt'), {
			untrusted: folder(after, 'server.crt'),
			purpose: 'sslserver'
		});
		expect(afterResult.code, describeRun(afterResult)).toBe(0);
		// The old leaf names the same issuer and AKI, and the key did not change: the new CA certificate vouches for it.
		const web = await unzip('web-example-com-signed.zip');
		const beforeResult = await verify(orgRoot, folder(before, 'server.crt'), {
			untrusted: web.path('web-example-com-chain.crt'),
			purpose: 'sslserver'
		});
		expect(beforeResult.code, describeRun(beforeResult)).toBe(0);
		// Before the import, that leaf chained to Cluster CA as a root, not to the org root.
		expect(await openssl('x509', '-in', folder(before, 'ca.crt'), '-noout', '-subject')).toMatch(/CN\s*=\s*Cluster CA/);
	});
});

describe("an online CA's intermediate CSR (made by openssl) signed by our root", () => {
	test('the intermediate verifies against our root, and a leaf openssl signs with it verifies through it; its path length 0 holds', async () => {
		const zip = await unzip('vault-intermediate-signed.zip');
		const root = zip.path('ca.crt');
		const intermediate = zip.path('vault-intermediate.crt');
		const verified = await verify(root, intermediate);
		expect(verified.code, describeRun(verified)).toBe(0);
		const text = await openssl('x509', '-in', intermediate, '-noout', '-ext', 'basicConstraints,keyUsage');
		expect(text).toMatch(/critical\s+CA:TRUE, pathlen:0/);
		expect(text).toMatch(/Certificate Sign, CRL Sign/);

		await copyFile(input('csr-vault-int.key'), join(work, 'int.key'));
		await writeFile(
			join(work, 'leaf.ext'),
			'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:app.example.com\n'
		);
		await writeFile(
			join(work, 'sub-ca.ext'),
			'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
		);
		const o = (...args: string[]) => run('openssl', args, { cwd: work });
		const steps = [
			newP256Csr('leaf.key', 'leaf.csr', '/CN=app.example.com'),
			signedBy('leaf.csr', { cert: intermediate, key: 'int.key' }, 30, 'leaf.ext', 'leaf.crt'),
			newP256Csr('sub.key', 'sub.csr', '/CN=Too Deep CA'),
			signedBy('sub.csr', { cert: intermediate, key: 'int.key' }, 30, 'sub-ca.ext', 'sub.crt'),
			signedBy('leaf.csr', { cert: 'sub.crt', key: 'sub.key' }, 30, 'leaf.ext', 'deep-leaf.crt')
		];
		for (const step of steps) {
			const r = await o(...step);
			expect(r.code, describeRun(r)).toBe(0);
		}
		const leaf = await verify(root, join(work, 'leaf.crt'), { untrusted: intermediate, purpose: 'sslserver' });
		expect(leaf.code, describeRun(leaf)).toBe(0);
		// pathlen:0 means no CA below the intermediate: openssl refuses the leaf of a CA it signed.
		await writeFile(
			join(work, 'deep-chain.crt'),
			(await openssl('x509', '-in', join(work, 'sub.crt'))) + (await openssl('x509', '-in', intermediate))
		);
		const deep = await verify(root, join(work, 'deep-leaf.crt'), {
			untrusted: join(work, 'deep-chain.crt'),
			purpose: 'sslserver'
		});
		expect(deep.code).not.toBe(0);
		expect(deep.stderr + deep.stdout).toMatch(/path length constraint exceeded/);
	});
});
