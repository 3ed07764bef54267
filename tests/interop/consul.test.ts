import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { opensslVerify } from './support/openssl';
import { opensslClient, startOpensslServer, type OpensslServer } from './support/openssl-server';
import { describeRun, run } from './support/run';

// What consul itself would do with our files: its agents are Go, whose verifier applies the same
// RFC 5280 rules OpenSSL applies here (chain, EKU purpose, name constraints), and the mTLS handshake
// is the one internal RPC makes. The zips and documents are what tests/e2e/consul.spec.ts saved.

const AGENT = 'consul-certs-consul-agent-ca.zip';
const AGENT_INTER = 'consul-certs-consul-agent-intermediate.zip';
const CONNECT = 'consul-connect-certs-consul-connect-ca-intermediate.zip';
const TD = '11111111-2222-3333-4444-555555555555.consul';

/**
 * A leaf signed with openssl by a CA key the app exported, as `consul tls cert create` or an
 * attacker holding an intermediate key would make one: the name constraint must still bind it.
 */
async function opensslLeaf(dir: Unzipped, name: string, caCert: string, caKey: string, san: string): Promise<string> {
	const key = dir.path(`${name}-key.pem`);
	const csr = dir.path(`${name}.csr`);
	const ext = dir.path(`${name}.ext`);
	const out = dir.path(`${name}.pem`);
	writeFileSync(
		ext,
		`subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=critical,CA:FALSE\n`
	);
	const steps: [string, string[]][] = [
		[
			'req',
			[
				'-new',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:P-256',
				'-nodes',
				'-keyout',
				key,
				'-subj',
				`/CN=${name}`,
				'-out',
				csr
			]
		],
		[
			'x509',
			[
				'-req',
				'-in',
				csr,
				'-CA',
				caCert,
				'-CAkey',
				caKey,
				'-set_serial',
				'0x1234',
				'-days',
				'1',
				'-extfile',
				ext,
				'-out',
				out
			]
		]
	];
	for (const [cmd, args] of steps) {
		const r = await run('openssl', [cmd, ...args]);
		if (r.code !== 0) throw new Error(`openssl ${cmd} failed\n${describeRun(r)}`);
	}
	return out;
}

describe('Consul agent TLS (consul tls cert create layout)', () => {
	let agent: Unzipped;
	let inter: Unzipped;
	let server: OpensslServer | undefined;
	beforeAll(async () => {
		agent = await unzipBundle(AGENT);
		inter = await unzipBundle(AGENT_INTER);
	});
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});
	afterAll(async () => {
		await agent?.remove();
		await inter?.remove();
	});

	test.each([
		['dc1-server-consul-0.pem', 'sslserver'],
		['dc1-server-consul-0.pem', 'sslclient'],
		['dc1-client-consul-0.pem', 'sslclient'],
		['dc1-client-consul-0.pem', 'sslserver'],
		['dc1-cli-consul-0.pem', 'sslclient']
	] as const)('openssl verify -purpose %s %s against consul-agent-ca.pem', async (cert, purpose) => {
		const result = await opensslVerify(agent.path('consul-agent-ca.pem'), purpose, agent.path(cert));
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout).toContain(': OK');
	});

	test('the server certificate verifies for server.dc1.consul, the name consul checks (tlsutil.Verify with DNSName = CN)', async () => {
		const ok = await run('openssl', [
			'verify',
			'-CAfile',
			agent.path('consul-agent-ca.pem'),
			'-verify_hostname',
			'server.dc1.consul',
			agent.path('dc1-server-consul-1.pem')
		]);
		expect(ok.code, describeRun(ok)).toBe(0);
		const wrong = await run('openssl', [
			'verify',
			'-CAfile',
			agent.path('consul-agent-ca.pem'),
			'-verify_hostname',
			'server.dc2.consul',
			agent.path('dc1-server-consul-1.pem')
		]);
		expect(wrong.code).not.toBe(0);
		expect(wrong.stdout + wrong.stderr).toMatch(/hostname mismatch/);
	});

	test('with the exported CA key, a leaf inside the name constraint verifies and one outside is refused', async () => {
		const caKey = bundlePath('consul-agent-ca-key.pem');
		expect(readFileSync(caKey, 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
		const inside = await opensslLeaf(
			agent,
			'inside',
			agent.path('consul-agent-ca.pem'),
			caKey,
			'DNS:extra.server.dc1.consul,DNS:localhost'
		);
		const ok = await opensslVerify(agent.path('consul-agent-ca.pem'), 'sslserver', inside);
		expect(ok.code, describeRun(ok)).toBe(0);
		const outside = await opensslLeaf(
			agent,
			'outside',
			agent.path('consul-agent-ca.pem'),
			caKey,
			'DNS:evil.example.com'
		);
		const refused = await opensslVerify(agent.path('consul-agent-ca.pem'), 'sslserver', outside);
		expect(refused.code).not.toBe(0);
		expect(refused.stdout + refused.stderr).toMatch(/permitted subtree violation/);
	});

	test('a leaf from the intermediate verifies leaf -> intermediate -> root with the chain its file carries, and not without it', async () => {
		const cert = inter.path('dc1-server-consul-0.pem');
		const ok = await run('openssl', [
			'verify',
			'-CAfile',
			inter.path('consul-agent-ca.pem'),
			'-untrusted',
			cert,
			'-purpose',
			'sslserver',
			'-show_chain',
			cert
		]);
		expect(ok.code, describeRun(ok)).toBe(0);
		expect(ok.stdout).toMatch(/depth=1: CN = Consul Agent Intermediate \(untrusted\)\s+depth=2: CN = Consul Agent CA/);
		const alone = await opensslVerify(inter.path('consul-agent-ca.pem'), 'sslserver', cert);
		expect(alone.code).not.toBe(0);
		expect(alone.stdout + alone.stderr).toMatch(/unable to get local issuer certificate/);
	});

	test('mutual TLS: the server certificate serves, the client certificate authenticates', async () => {
		server = await startOpensslServer({
			cert: agent.path('dc1-server-consul-0.pem'),
			key: agent.path('dc1-server-consul-0-key.pem'),
			ca: agent.path('consul-agent-ca.pem')
		});
		const client = await opensslClient(server.port, {
			cert: agent.path('dc1-client-consul-0.pem'),
			key: agent.path('dc1-client-consul-0-key.pem'),
			ca: agent.path('consul-agent-ca.pem')
		});
		const exit = await server.exited;
		const why = `${describeRun(client)}\n--- s_server ---\n${server.output()}`;
		expect(client.code, why).toBe(0);
		expect(client.stdout, why).toBe('gnip\n');
		expect(exit, why).toBe(0);
		expect(server.output(), why).toMatch(/Peer certificate: CN = client\.dc1\.consul/);
	});
});

describe('Consul Connect (service mesh CA)', () => {
	let mesh: Unzipped;
	beforeAll(async () => {
		mesh = await unzipBundle(CONNECT);
	});
	afterAll(async () => {
		await mesh?.remove();
	});

	test.each(['sslserver', 'sslclient'] as const)(
		'web.pem verifies leaf -> intermediate -> connect-root-ca.pem for %s',
		async (purpose) => {
			const cert = mesh.path('web.pem');
			const ok = await run('openssl', [
				'verify',
				'-CAfile',
				mesh.path('connect-root-ca.pem'),
				'-untrusted',
				cert,
				'-purpose',
				purpose,
				cert
			]);
			expect(ok.code, describeRun(ok)).toBe(0);
		}
	);

	test("a SPIFFE ID of another trust domain, signed with the exported root key, is refused by the root's name constraint", async () => {
		const config = JSON.parse(readFileSync(bundlePath('connect-ca-configuration-with-key.json'), 'utf8'));
		const caKey = mesh.path('root-key.pem');
		writeFileSync(caKey, config.Config.PrivateKey);
		const caCert = mesh.path('connect-root-ca.pem');
		expect(config.Config.RootCert).toBe(readFileSync(caCert, 'utf8'));
		const inside = await opensslLeaf(mesh, 'inside', caCert, caKey, `URI:spiffe://${TD}/ns/default/dc/dc1/svc/db`);
		const ok = await opensslVerify(caCert, 'sslclient', inside);
		expect(ok.code, describeRun(ok)).toBe(0);
		const outside = await opensslLeaf(
			mesh,
			'outside',
			caCert,
			caKey,
			'URI:spiffe://other.consul/ns/default/dc/dc1/svc/db'
		);
		const refused = await opensslVerify(caCert, 'sslclient', outside);
		expect(refused.code).not.toBe(0);
		expect(refused.stdout + refused.stderr).toMatch(/permitted subtree violation/);
	});

	test('the roots document names the root by its SHA-1 fingerprint and lists the intermediate', async () => {
		const roots = JSON.parse(readFileSync(bundlePath('connect-ca-roots.json'), 'utf8'));
		const fp = await run('openssl', [
			'x509',
			'-in',
			mesh.path('connect-root-ca.pem'),
			'-noout',
			'-fingerprint',
			'-sha1'
		]);
		expect(roots.ActiveRootID).toBe(fp.stdout.trim().replace(/^.*=/, '').toLowerCase());
		const intermediate = mesh.path('intermediate.pem');
		writeFileSync(intermediate, roots.Roots[0].IntermediateCerts[0]);
		expect(readFileSync(mesh.path('web.pem'), 'utf8').endsWith(readFileSync(intermediate, 'utf8'))).toBe(true);
	});
});
