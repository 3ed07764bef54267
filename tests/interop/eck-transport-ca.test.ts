import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSecrets } from '../../src/lib/testing/kubernetes-secrets';
import { newP256Csr, signedBy } from '../../src/lib/testing/openssl';
import { bundlePath } from './support/bundles';
import { publicKeys } from './support/openssl';
import { describeRun, run } from './support/run';

/**
 * ECK's transport CA that tests/e2e/eck-transport-ca.spec.ts exported for an intermediate: OpenSSL 3
 * verifies ca.crt against the app's root, reads ca.key as it is (unencrypted) and finds its public
 * key equal to the certificate's, the checks ECK makes (cloud-on-k8s
 * pkg/controller/common/certificates/ca_secret.go), and signs a transport-style leaf with it that
 * verifies to the root.
 */
const FILE = 'eck-issuing-ca-eck-transport-ca.yaml';
const ROOT = 'eck-transport-root.crt';

describe(`ECK transport CA export (${FILE})`, () => {
	let dir: string;
	const at = (name: string) => join(dir, name);
	beforeAll(async () => {
		for (const name of [FILE, ROOT])
			if (!existsSync(bundlePath(name)))
				throw new Error(`${name} not found: run tests/e2e/eck-transport-ca.spec.ts first`);
		dir = await mkdtemp(join(tmpdir(), 'interop-eck-transport-'));
		const [secret, ...others] = readSecrets(readFileSync(bundlePath(FILE), 'utf8'));
		expect(others).toEqual([]);
		expect(secret).toMatchObject({ name: 'eck-issuing-ca-transport-ca', type: 'Opaque' });
		writeFileSync(at('ca.crt'), secret!.data['ca.crt'] ?? '');
		writeFileSync(at('ca.key'), secret!.data['ca.key'] ?? '', { mode: 0o600 });
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	test("ca.crt is one CA certificate that openssl verifies against the app's root", async () => {
		expect(readFileSync(at('ca.crt'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
		const verify = await run('openssl', ['verify', '-CAfile', bundlePath(ROOT), at('ca.crt')]);
		expect(verify.code, describeRun(verify)).toBe(0);
		expect(verify.stdout).toContain(': OK');
		const text = await run('openssl', ['x509', '-in', at('ca.crt'), '-noout', '-ext', 'basicConstraints,keyUsage']);
		expect(text.stdout).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
		expect(text.stdout).toContain('Certificate Sign');
	});

	test('openssl pkey reads ca.key unencrypted, and its public key is the certificate’s', async () => {
		const pkey = await run('openssl', ['pkey', '-in', at('ca.key'), '-noout', '-passin', 'pass:']);
		expect(pkey.code, describeRun(pkey)).toBe(0);
		const { fromCert, fromKey } = await publicKeys(at('ca.crt'), at('ca.key'));
		expect(fromCert).toContain('BEGIN PUBLIC KEY');
		expect(fromKey).toBe(fromCert);
	});

	test('a node certificate signed with ca.key, as ECK signs one, verifies to the root through ca.crt', async () => {
		const req = await run('openssl', newP256Csr(at('node.key'), at('node.csr'), '/CN=es-node-0.node.es.cluster.local'));
		expect(req.code, describeRun(req)).toBe(0);
		writeFileSync(
			at('node.ext'),
			'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:es-node-0.node.es.cluster.local\n'
		);
		const sign = await run(
			'openssl',
			signedBy(at('node.csr'), { cert: at('ca.crt'), key: at('ca.key') }, 30, at('node.ext'), at('node.crt'))
		);
		expect(sign.code, describeRun(sign)).toBe(0);
		const verify = await run('openssl', [
			'verify',
			'-CAfile',
			bundlePath(ROOT),
			'-untrusted',
			at('ca.crt'),
			'-purpose',
			'sslserver',
			at('node.crt')
		]);
		expect(verify.code, describeRun(verify)).toBe(0);
	});
});
