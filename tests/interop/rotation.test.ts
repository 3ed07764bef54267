import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { unzipBundle, type Unzipped } from './support/bundles';
import { opensslClient, startOpensslServer, type OpensslServer } from './support/openssl-server';
import { describeRun, run } from './support/run';

// What tests/e2e/rotation.spec.ts downloaded (BUNDLES_DIR/rotation/*), judged by openssl 3.

const pemBlocks = (text: string): string[] =>
	text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];
const verify = (...args: string[]) => run('openssl', ['verify', '-x509_strict', ...args]);
const fingerprint = async (file: string, what: '-pubkey' | '-serial') =>
	(await run('openssl', ['x509', '-in', file, '-noout', what])).stdout;

let scratch: string;
beforeAll(async () => {
	scratch = await mkdtemp(join(tmpdir(), 'interop-rotation-'));
});
afterAll(async () => {
	await rm(scratch, { recursive: true, force: true });
});

describe('Consul-style rotation: a leaf of the new root, sent with the cross-signed root', () => {
	let oldBundle: Unzipped;
	let newBundle: Unzipped;
	const file = (name: string) => join(scratch, name);
	beforeAll(async () => {
		oldBundle = await unzipBundle('rotation/consul-old.zip');
		newBundle = await unzipBundle('rotation/consul-new.zip');
		const [leaf, cross, ...rest] = pemBlocks(await readFile(newBundle.path('dc1-server-consul-0.pem'), 'utf8'));
		expect(rest).toEqual([]);
		await writeFile(file('leaf.pem'), leaf!);
		await writeFile(file('cross-signed.pem'), cross!);
		// The new bundle's CA file: the new root first, then the old one it still trusts during the rotation.
		const [newRoot, stillTrusted] = pemBlocks(await readFile(newBundle.path('consul-agent-ca.pem'), 'utf8'));
		await writeFile(file('new-root.pem'), newRoot!);
		const oldRoot = await readFile(oldBundle.path('consul-agent-ca.pem'), 'utf8');
		expect(pemBlocks(oldRoot)).toHaveLength(1);
		expect(stillTrusted).toBe(oldRoot);
		await writeFile(file('old-root.pem'), oldRoot);
	});
	afterAll(async () => {
		await oldBundle?.remove();
		await newBundle?.remove();
	});

	test('a peer trusting only the old root accepts it through the cross-signed certificate', async () => {
		const result = await verify(
			'-CAfile',
			file('old-root.pem'),
			'-untrusted',
			file('cross-signed.pem'),
			file('leaf.pem')
		);
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout).toMatch(/leaf\.pem: OK/);
	});

	test('without the cross-signed certificate the old root alone refuses it (so the proof above can fail)', async () => {
		const result = await verify('-CAfile', file('old-root.pem'), file('leaf.pem'));
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr + result.stdout).toMatch(/unable to get local issuer certificate/);
	});

	test('a peer trusting the new root alone accepts it', async () => {
		const result = await verify('-CAfile', file('new-root.pem'), file('leaf.pem'));
		expect(result.code, describeRun(result)).toBe(0);
	});

	test('the cross-signed certificate: subject and key of the new root, issued and signed by the old one', async () => {
		const text = (
			await run('openssl', [
				'x509',
				'-in',
				file('cross-signed.pem'),
				'-noout',
				'-subject',
				'-issuer',
				'-ext',
				'subjectKeyIdentifier,authorityKeyIdentifier'
			])
		).stdout;
		expect(text).toMatch(/subject=CN ?= ?Consul New Root/);
		expect(text).toMatch(/issuer=CN ?= ?Consul Old Root/);
		expect(await fingerprint(file('cross-signed.pem'), '-pubkey')).toBe(
			await fingerprint(file('new-root.pem'), '-pubkey')
		);
		const signedByOld = await verify('-partial_chain', '-CAfile', file('old-root.pem'), file('cross-signed.pem'));
		expect(signedByOld.code, describeRun(signedByOld)).toBe(0);
	});
});

describe('CockroachDB-style rotation: mutual TLS between a node of the old CA and a node of the new CA, both trusting the two-CA ca.crt', () => {
	let oldNode: Unzipped;
	let newNode: Unzipped;
	let server: OpensslServer | undefined;
	beforeAll(async () => {
		oldNode = await unzipBundle('rotation/crdb-old-node.zip');
		newNode = await unzipBundle('rotation/crdb-new-node.zip');
		await writeFile(join(scratch, 'crdb-ca.crt'), await readFile(newNode.path('ca.crt'), 'utf8'));
	});
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});
	afterAll(async () => {
		await oldNode?.remove();
		await newNode?.remove();
	});

	const combined = () => join(scratch, 'crdb-ca.crt');

	test('the ca.crt of a bundle issued during the rotation holds the new CA, then the old one', async () => {
		const blocks = pemBlocks(await readFile(combined(), 'utf8'));
		expect(blocks).toHaveLength(2);
		expect(blocks[1]).toBe(await readFile(oldNode.path('ca.crt'), 'utf8'));
	});

	for (const [serverName, clientName] of [
		['old', 'new'],
		['new', 'old']
	] as const) {
		test(`${serverName} node serves, ${clientName} node connects as client; both verify`, async () => {
			const nodes = { old: oldNode, new: newNode };
			server = await startOpensslServer({
				cert: nodes[serverName].path('node.crt'),
				key: nodes[serverName].path('node.key'),
				ca: combined()
			});
			const client = await opensslClient(server.port, {
				cert: nodes[clientName].path('node.crt'),
				key: nodes[clientName].path('node.key'),
				ca: combined()
			});
			const exit = await server.exited;
			const why = `${describeRun(client)}\n--- s_server ---\n${server.output()}`;
			expect(client.code, why).toBe(0);
			expect(client.stdout, why).toBe('gnip\n');
			expect(exit, why).toBe(0);
			expect(server.output(), why).toMatch(/Verification: OK/);
		});
	}

	test('an old node still holding the old ca.crt alone refuses the new node (why the two-CA file comes first)', async () => {
		server = await startOpensslServer({
			cert: oldNode.path('node.crt'),
			key: oldNode.path('node.key'),
			ca: oldNode.path('ca.crt')
		});
		const client = await opensslClient(server.port, {
			cert: newNode.path('node.crt'),
			key: newNode.path('node.key'),
			ca: combined()
		});
		await server.exited;
		const why = `${describeRun(client)}\n--- s_server ---\n${server.output()}`;
		expect(client.code, why).not.toBe(0);
		// s_client sends the new root from its CAfile after its certificate, so s_server reports that
		// self-signed root it does not trust (19), or a missing issuer (20) when only the leaf is sent.
		expect(server.output(), why).toMatch(/verify error:num=(19|20)/);
		expect(server.output(), why).toMatch(/CONNECTION FAILURE/);
	});

	test('every re-issued certificate chains to the new CA alone', async () => {
		const reissued = await unzipBundle('rotation/crdb-reissued.zip');
		try {
			const newCa = join(scratch, 'crdb-new-only.crt');
			await writeFile(newCa, pemBlocks(await readFile(combined(), 'utf8'))[0]!);
			for (const cert of ['node.crt', 'client.root.crt']) {
				const result = await verify('-CAfile', newCa, reissued.path(cert));
				expect(result.code, describeRun(result)).toBe(0);
			}
		} finally {
			await reissued.remove();
		}
	});
});

describe('renewals', () => {
	test('a leaf issued before a same-key CA renewal verifies against the renewed CA certificate alone', async () => {
		const before = await unzipBundle('rotation/samekey-before.zip');
		const after = await unzipBundle('rotation/samekey-after.zip');
		try {
			expect(await fingerprint(after.path('ca.crt'), '-serial')).not.toBe(
				await fingerprint(before.path('ca.crt'), '-serial')
			);
			expect(await fingerprint(after.path('ca.crt'), '-pubkey')).toBe(
				await fingerprint(before.path('ca.crt'), '-pubkey')
			);
			expect(pemBlocks(await readFile(after.path('ca.crt'), 'utf8'))).toHaveLength(1);
			const result = await verify('-CAfile', after.path('ca.crt'), before.path('node.crt'));
			expect(result.code, describeRun(result)).toBe(0);
		} finally {
			await before.remove();
			await after.remove();
		}
	});

	test('a renewed leaf has the same names, a new key, and verifies against its CA', async () => {
		const original = await unzipBundle('rotation/renew-original.zip');
		const renewed = await unzipBundle('rotation/renew-renewed.zip');
		try {
			const sans = async (b: Unzipped) =>
				(
					await run('openssl', [
						'x509',
						'-in',
						b.path('node.crt'),
						'-noout',
						'-subject',
						'-ext',
						'subjectAltName,extendedKeyUsage'
					])
				).stdout;
			expect(await sans(renewed)).toBe(await sans(original));
			expect(await fingerprint(renewed.path('node.crt'), '-pubkey')).not.toBe(
				await fingerprint(original.path('node.crt'), '-pubkey')
			);
			const result = await verify('-CAfile', original.path('ca.crt'), renewed.path('node.crt'));
			expect(result.code, describeRun(result)).toBe(0);
		} finally {
			await original.remove();
			await renewed.remove();
		}
	});
});
