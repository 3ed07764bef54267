import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readSecrets, type DecodedSecret } from '../../src/lib/testing/kubernetes-secrets';
import { newP256Csr, signedBy } from '../../src/lib/testing/openssl';
import { BUNDLES, bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { publicKeys } from './support/openssl';
import { describeRun, run } from './support/run';

/**
 * The kubernetes/ folder of the bundles the e2e suite downloaded: every Secret is one the API server
 * would take (no kubectl on this machine, so the rules are checked by hand in
 * src/lib/testing/kubernetes-secrets.ts), and openssl agrees that each tls.key belongs to its tls.crt
 * and that tls.crt verifies against the CA the Secret or the chart is given.
 */
const CASES = [
	{ zip: BUNDLES.certs, file: 'kubernetes/cockroachdb-secrets.yaml', tls: ['cockroachdb-node', 'cockroachdb-root'] },
	{
		zip: BUNDLES.labCockroachdb,
		file: 'kubernetes/cockroachdb-secrets.yaml',
		tls: ['cockroachdb-node-node1', 'cockroachdb-node-node2', 'cockroachdb-node-node3', 'cockroachdb-root']
	},
	{
		zip: BUNDLES.labElasticsearch,
		file: 'kubernetes/elasticsearch-secrets.yaml',
		tls: [1, 2, 3].map((i) => `elasticsearch-http-certificate-node${i}`)
	},
	{
		zip: BUNDLES.labConsul,
		file: 'kubernetes/consul-secrets.yaml',
		tls: [1, 2, 3].map((i) => `consul-server-cert-node${i}`),
		ca: 'consul-ca-cert'
	}
];

for (const { zip, file, tls, ca } of CASES) {
	describe(`${file} of ${zip}`, () => {
		let bundle: Unzipped;
		let secrets: DecodedSecret[];
		beforeAll(async () => {
			bundle = await unzipBundle(zip);
			secrets = readSecrets(readFileSync(bundle.path(file), 'utf8'));
		});
		afterAll(() => bundle?.remove());

		test('says first that it holds private keys, and is readable by its owner only', async () => {
			expect(readFileSync(bundle.path(file), 'utf8').split('\n')[0]).toMatch(/^# This file holds PRIVATE KEYS\./);
			const mode = await run('stat', ['-c', '%a', bundle.path(file)]);
			expect(mode.stdout.trim()).toBe('600');
		});

		test('every kubernetes.io/tls Secret: openssl matches tls.key to tls.crt and verifies tls.crt to the CA', async () => {
			expect(secrets.filter((s) => s.type === 'kubernetes.io/tls').map((s) => s.name)).toEqual(tls);
			const caText = ca ? secrets.find((s) => s.name === ca)?.data['tls.crt'] : undefined;
			for (const secret of secrets.filter((s) => s.type === 'kubernetes.io/tls')) {
				const at = (key: string) => bundle.path(`kubernetes/${secret.name}.${key}`);
				writeFileSync(at('tls.crt'), secret.data['tls.crt'] ?? '');
				writeFileSync(at('tls.key'), secret.data['tls.key'] ?? '', { mode: 0o600 });
				writeFileSync(at('ca.crt'), secret.data['ca.crt'] ?? caText ?? '');
				const { fromCert, fromKey } = await publicKeys(at('tls.crt'), at('tls.key'));
				expect(fromKey).toBe(fromCert);
				// -untrusted: the intermediates that follow the leaf in tls.crt, when the issuer has any.
				const verify = await run('openssl', [
					'verify',
					'-CAfile',
					at('ca.crt'),
					'-untrusted',
					at('tls.crt'),
					at('tls.crt')
				]);
				expect(verify.code, describeRun(verify)).toBe(0);
			}
		});
	});
}

/**
 * The cert-manager CA issuer tests/e2e/online-ca.spec.ts exported for an intermediate: openssl matches
 * tls.key to the intermediate, verifies the intermediate to the root at the end of tls.crt, and, as
 * cert-manager would, signs a leaf with that key that verifies leaf → intermediate → root.
 */
describe('cert-manager ClusterIssuer export (cluster-issuing-ca-cert-manager-clusterissuer.yaml)', () => {
	const FILE = 'cluster-issuing-ca-cert-manager-clusterissuer.yaml';
	let dir: string;
	beforeAll(async () => {
		if (!existsSync(bundlePath(FILE))) throw new Error(`${FILE} not found: run tests/e2e/online-ca.spec.ts first`);
		dir = await mkdtemp(join(tmpdir(), 'interop-cert-manager-'));
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	test('the Secret holds the intermediate, its chain to the root and its key; a leaf it signs verifies', async () => {
		const secrets = readSecrets(readFileSync(bundlePath(FILE), 'utf8'));
		expect(secrets.map((s) => [s.name, s.type])).toEqual([['cluster-issuing-ca-ca', 'kubernetes.io/tls']]);
		const { 'tls.crt': chain = '', 'tls.key': key = '' } = secrets[0]!.data;
		const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? [];
		expect(blocks).toHaveLength(2);
		const at = (name: string) => join(dir, name);
		writeFileSync(at('inter.crt'), blocks[0]!);
		writeFileSync(at('root.crt'), blocks[1]!);
		writeFileSync(at('inter.key'), key, { mode: 0o600 });
		const { fromCert, fromKey } = await publicKeys(at('inter.crt'), at('inter.key'));
		expect(fromKey).toBe(fromCert);
		const inter = await run('openssl', ['verify', '-CAfile', at('root.crt'), at('inter.crt')]);
		expect(inter.code, describeRun(inter)).toBe(0);

		const req = await run('openssl', newP256Csr(at('leaf.key'), at('leaf.csr'), '/CN=web.cluster.example'));
		expect(req.code, describeRun(req)).toBe(0);
		writeFileSync(at('leaf.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:web.cluster.example\n');
		const sign = await run(
			'openssl',
			signedBy(at('leaf.csr'), { cert: at('inter.crt'), key: at('inter.key') }, 30, at('leaf.ext'), at('leaf.crt'))
		);
		expect(sign.code, describeRun(sign)).toBe(0);
		const leaf = await run('openssl', [
			'verify',
			'-CAfile',
			at('root.crt'),
			'-untrusted',
			at('inter.crt'),
			at('leaf.crt')
		]);
		expect(leaf.code, describeRun(leaf)).toBe(0);
	});
});
