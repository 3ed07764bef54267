import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { x509 } from '../pki/x509';
import { ELASTICSEARCH_P12_SECRETS } from '../pki/profiles/elasticsearch/lab';
import { defaultLab, labOutput, type LabDefinition } from '../pki/lab/definition';
import { parseLabFile } from '../pki/lab/lab-file';
import { labRequest } from './lab-request';
import { centralModes } from '../testing/zip-entries';
import { issueBundle } from './issue-bundle';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'Lab Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
});

async function issueLab(lab: LabDefinition, password = '') {
	const { folders, zipName } = labRequest(lab, 'Lab Root');
	const issuers = [
		{
			role: 'ca',
			id: 'ca1',
			name: 'Lab Root',
			certificateDer: new Uint8Array(root.certificate.rawData),
			privateKey: root.keys.privateKey
		}
	];
	const output = labOutput(lab, password);
	const bundle = await issueBundle(
		{ issuers, profileId: lab.system, folders, zipName, output },
		{ deps, signal: new AbortController().signal, progress: () => {} }
	);
	const files = unzipSync(bundle.zip);
	const text = (path: string) => new TextDecoder().decode(files[path]);
	const cert = (path: string) => new x509.X509Certificate(text(path));
	const modes = Object.fromEntries(
		centralModes(bundle.zip).map(([name, , mode]) => [name, (mode & 0o777).toString(8)])
	);
	return { bundle, text, cert, modes };
}

function ekus(cert: x509.X509Certificate): string[] {
	return cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
}
function sans(cert: x509.X509Certificate): string[] {
	return cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`) ?? [];
}
const SERVER = '1.3.6.1.5.5.7.3.1';
const CLIENT = '1.3.6.1.5.5.7.3.2';

/** Node folders as [path, mode]; the same three for every node. */
const perNode = (files: [string, string][]) =>
	[1, 2, 3].flatMap((i) => [[`node${i}/`, '700'], ...files.map(([f, m]) => [`node${i}/${f}`, m])]);

describe('quick lab bundles, issued end to end', () => {
	test('etcd: member certificates are serverAuth + clientAuth with every member host; flags and a 0755 start script', async () => {
		const lab = { ...defaultLab('etcd', 825), hosts: 'node{1..3}.lab, 127.0.0.1' };
		const { cert, text, modes, bundle } = await issueLab(lab);
		expect(bundle.zipName).toBe('etcd-lab-3-nodes-lab-root.zip');
		expect(Object.entries(modes).sort()).toEqual(
			[
				['README.txt', '644'],
				['lab.json', '644'],
				['client/', '700'],
				['client/ca.crt', '644'],
				['client/client.root.crt', '644'],
				['client/client.root.key', '600'],
				['config/', '700'],
				...[1, 2, 3].flatMap((i) => [
					[`config/node${i}/`, '700'],
					[`config/node${i}/etcd.flags`, '644']
				]),
				...perNode([
					['ca.crt', '644'],
					['member.crt', '644'],
					['member.key', '600']
				])
			].sort()
		);
		const member = cert('node2/member.crt');
		expect(member.subject).toBe('O=etcd, CN=node2');
		expect(ekus(member)).toEqual([SERVER, CLIENT]);
		expect(sans(member)).toEqual(['dns:node1.lab', 'ip:127.0.0.1', 'dns:node2.lab', 'dns:node3.lab']);
		expect(ekus(cert('client/client.root.crt'))).toEqual([CLIENT]);
		const flags = text('config/node2/etcd.flags');
		for (const flag of [
			'--client-cert-auth --trusted-ca-file node2/ca.crt',
			'--peer-client-cert-auth --peer-trusted-ca-file node2/ca.crt',
			'--cert-file node2/member.crt --key-file node2/member.key',
			'--peer-cert-file node2/member.crt'
		]) {
			expect(flags).toContain(flag);
		}
		// Not a localhost lab (node2.lab is not loopback): standard ports and no start script.
		expect(flags).toContain('--advertise-client-urls https://127.0.0.1:2379');
		expect(modes['start-etcd.sh']).toBeUndefined();
		expect(parseLabFile(text('lab.json'))).toEqual(lab);
	});

	test('etcd localhost lab: distinct client and peer ports per member in one start script', async () => {
		const { text, modes } = await issueLab(defaultLab('etcd', 825));
		expect(modes['start-etcd.sh']).toBe('755');
		const script = text('start-etcd.sh');
		expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
		expect(script).toContain(
			'\ncluster="node1=https://127.0.0.1:$((base + 1)),node2=https://127.0.0.1:$((base + 3)),node3=https://127.0.0.1:$((base + 5))"\n'
		);
		expect(script.match(/--initial-cluster "\$cluster"/g)).toHaveLength(3);
		const flags = text('config/node3/etcd.flags');
		expect(flags).toContain('--listen-client-urls https://127.0.0.1:2383');
		expect(flags).toContain(
			'--initial-cluster node1=https://127.0.0.1:2380,node2=https://127.0.0.1:2382,node3=https://127.0.0.1:2384'
		);
	});

	test('etcd beyond 7 members: one shared member list, so the configs grow linearly with the lab', async () => {
		const { folders } = labRequest({ ...defaultLab('etcd', 825), nodes: 8 }, 'Lab Root');
		const files = new Map(folders.flatMap((f) => f.files ?? []).map((f) => [f.path, f.text]));
		expect(files.get('config/initial-cluster')).toBe(
			`${Array.from({ length: 8 }, (_, i) => `node${i + 1}=https://127.0.0.1:${2380 + 2 * i}`).join(',')}\n`
		);
		expect(files.get('config/node8/etcd.flags')).toContain('--initial-cluster "$(cat config/initial-cluster)"');
		const big = labRequest({ ...defaultLab('etcd', 825), nodes: 1000 }, 'Lab Root');
		const bytes = big.folders.flatMap((f) => f.files ?? []).reduce((n, f) => n + f.text.length, 0);
		expect(bytes).toBeLessThan(2_000_000);
	});

	test('PostgreSQL: server.crt/server.key/root.crt per node, client-<user>/ in libpq names, conf and hba', async () => {
		const { cert, text, modes } = await issueLab({ ...defaultLab('postgresql', 825), users: 'postgres, alice' });
		expect(
			Object.keys(modes)
				.filter((p) => p.startsWith('node1/') || p.startsWith('client-'))
				.sort()
		).toEqual(
			[
				'client-alice/',
				'client-alice/postgresql.crt',
				'client-alice/postgresql.key',
				'client-alice/root.crt',
				'client-postgres/',
				'client-postgres/postgresql.crt',
				'client-postgres/postgresql.key',
				'client-postgres/root.crt',
				'node1/',
				'node1/root.crt',
				'node1/server.crt',
				'node1/server.key'
			].sort()
		);
		expect(modes['node1/server.key']).toBe('600');
		expect(modes['start-postgres.sh']).toBe('755');
		expect(ekus(cert('node1/server.crt'))).toEqual([SERVER]);
		expect(sans(cert('node1/server.crt'))).toEqual(['dns:localhost', 'ip:127.0.0.1']);
		expect(cert('client-alice/postgresql.crt').subject).toBe('CN=alice');
		expect(ekus(cert('client-alice/postgresql.crt'))).toEqual([CLIENT]);
		expect(text('config/node2/postgresql.conf')).toMatch(
			/ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'/
		);
		expect(text('config/node2/postgresql.conf')).toContain('port = 5433');
		expect(text('config/node1/pg_hba.conf')).toContain('hostssl all  all  127.0.0.1/32  cert');
		expect(text('start-postgres.sh')).toContain('CREATE ROLE \\"alice\\" LOGIN;');
	});

	test('CockroachDB: a certs-dir per node, one client/ folder, start flags and cockroach init', async () => {
		const { cert, text, modes } = await issueLab(defaultLab('cockroachdb', 1830));
		expect(
			Object.keys(modes)
				.filter((p) => p.startsWith('node3/') || p.startsWith('client/'))
				.sort()
		).toEqual(
			[
				'client/',
				'client/ca.crt',
				'client/client.root.crt',
				'client/client.root.key',
				'node3/',
				'node3/ca.crt',
				'node3/node.crt',
				'node3/node.key'
			].sort()
		);
		expect(ekus(cert('node3/node.crt'))).toEqual([SERVER, CLIENT]);
		expect(text('config/node3/cockroach-start.flags')).toContain('--listen-addr=127.0.0.1:26259');
		expect(text('start-cockroach.sh')).toContain('cockroach init --certs-dir=client --host=127.0.0.1:$base');
	});

	test('generic mTLS: server.crt serverAuth per node, client-<name>/client.crt clientAuth', async () => {
		const { cert, modes } = await issueLab(defaultLab('mtls', 397));
		expect(modes['client-client/client.key']).toBe('600');
		expect(ekus(cert('node1/server.crt'))).toEqual([SERVER]);
		expect(ekus(cert('client-client/client.crt'))).toEqual([CLIENT]);
		expect(modes['start-servers.sh']).toBe('755');
	});

	test('Elasticsearch: certutil layout (ca/ca.crt, node<i>/node<i>.crt, http.crt), an elasticsearch.yml per node and a start script', async () => {
		const { cert, text, modes } = await issueLab(defaultLab('elasticsearch', 1095));
		expect(
			Object.keys(modes)
				.filter((p) => p.startsWith('node2/') || p.startsWith('ca/'))
				.sort()
		).toEqual(
			[
				'ca/',
				'ca/ca.crt',
				'node2/',
				'node2/http.crt',
				'node2/http.key',
				'node2/node2.crt',
				'node2/node2.key',
				'node2/sample-elasticsearch.yml'
			].sort()
		);
		expect(modes['node2/node2.key']).toBe('600');
		expect(Object.keys(modes).some((p) => p.startsWith('client'))).toBe(false);
		// No EKU on transport certificates, as elasticsearch-certutil issues them and Elastic's
		// https://www.elastic.co/docs/deploy-manage/security/external-ca-transport allows (none, or both).
		expect(ekus(cert('node2/node2.crt'))).toEqual([]);
		expect(sans(cert('node2/node2.crt'))).toEqual(['dns:localhost', 'ip:127.0.0.1']);
		expect(ekus(cert('node2/http.crt'))).toEqual([SERVER]);
		const yml = text('config/node2/elasticsearch.yml');
		expect(yml).toContain('transport.port: 9301');
		expect(yml).toContain('discovery.seed_hosts: ["127.0.0.1:9300", "127.0.0.1:9301", "127.0.0.1:9302"]');
		expect(yml).toContain('xpack.security.transport.ssl.certificate: certs/node2/node2.crt');
		expect(modes['start-elasticsearch.sh']).toBe('755');
	});

	test('Elasticsearch as PKCS#12: node<i>.p12 and http.p12 (0600) instead of PEM, keystore settings, password only in its keystore', async () => {
		const lab: LabDefinition = { ...defaultLab('elasticsearch', 1095), output: 'pkcs12' };
		const { text, modes, bundle } = await issueLab(lab, 'Elastic lab 42!');
		expect(
			Object.entries(modes)
				.filter(([p]) => p.startsWith('node2/') || p.startsWith('ca/'))
				.sort()
		).toEqual(
			[
				['ca/', '700'],
				['ca/ca.crt', '644'],
				['node2/', '700'],
				['node2/http.p12', '600'],
				['node2/node2.p12', '600'],
				['node2/sample-elasticsearch.yml', '644']
			].sort()
		);
		// A PKCS#12 file starts with a DER SEQUENCE; no PEM key anywhere in the zip.
		const files = unzipSync(bundle.zip);
		expect(files['node2/node2.p12']?.[0]).toBe(0x30);
		expect(Object.entries(files).filter(([, data]) => new TextDecoder().decode(data).includes('PRIVATE KEY'))).toEqual(
			[]
		);

		const yml = text('config/node2/elasticsearch.yml');
		expect(yml).toContain(
			[
				'xpack.security.transport.ssl.enabled: true',
				'xpack.security.transport.ssl.verification_mode: full',
				'xpack.security.transport.ssl.client_authentication: required',
				'xpack.security.transport.ssl.keystore.path: certs/node2/node2.p12',
				'xpack.security.transport.ssl.truststore.path: certs/node2/node2.p12',
				'xpack.security.http.ssl.enabled: true',
				'xpack.security.http.ssl.keystore.path: certs/node2/http.p12',
				'xpack.security.http.ssl.truststore.path: certs/node2/http.p12'
			].join('\n')
		);
		expect(yml).not.toMatch(/ssl\.(key|certificate|certificate_authorities):/);
		expect(ELASTICSEARCH_P12_SECRETS).toEqual([
			'xpack.security.transport.ssl.keystore.secure_password',
			'xpack.security.transport.ssl.truststore.secure_password',
			'xpack.security.http.ssl.keystore.secure_password',
			'xpack.security.http.ssl.truststore.secure_password'
		]);
		for (const name of ELASTICSEARCH_P12_SECRETS) expect(yml).toContain(`#   bin/elasticsearch-keystore add ${name}\n`);

		const script = text('start-elasticsearch.sh');
		expect(script).toContain(': "${LAB_P12_PASSWORD:?');
		expect(script).toContain(
			`for setting in ${ELASTICSEARCH_P12_SECRETS.join(' ')}; do\n` +
				`  printf '%s\\n' "$LAB_P12_PASSWORD" | "$ES_HOME/bin/elasticsearch-keystore" add -f --stdin "$setting"`
		);
		expect(script).toContain('-E xpack.security.transport.ssl.keystore.path=certs/node3/node3.p12');
		expect(text('README.txt')).toContain('bin/elasticsearch-keystore add');
		// The password is in no file of the zip.
		expect(Object.values(files).some((data) => new TextDecoder().decode(data).includes('Elastic lab 42!'))).toBe(false);
		expect(parseLabFile(text('lab.json'))).toEqual(lab);
	});

	test('an Elasticsearch PKCS#12 lab with a non-ASCII password is refused on the password field before any key is made', async () => {
		await expect(issueLab({ ...defaultLab('elasticsearch', 1095), output: 'pkcs12' }, 'pässword')).rejects.toThrow(
			expect.objectContaining({ code: 'p12-password-invalid', field: 'passphrase' })
		);
	});

	test('Consul: consul tls file names per server, consul-agent-ca.pem once, client agents, agent HCL with TLS only and a start script', async () => {
		const { cert, text, modes } = await issueLab(defaultLab('consul', 365));
		expect(Object.entries(modes).sort()).toEqual(
			[
				['README.txt', '644'],
				['lab.json', '644'],
				['consul-agent-ca.pem', '644'],
				['client-agent-1/', '700'],
				['client-agent-1/dc1-client-consul-0.pem', '644'],
				['client-agent-1/dc1-client-consul-0-key.pem', '600'],
				['client-agent-1/dc1-client-consul-0.hcl', '644'],
				['config/', '700'],
				...[1, 2, 3].flatMap((i) => [
					[`config/node${i}/`, '700'],
					[`config/node${i}/consul.hcl`, '644']
				]),
				...perNode([
					['dc1-server-consul-0.pem', '644'],
					['dc1-server-consul-0-key.pem', '600'],
					['dc1-server-consul-0.hcl', '644']
				]),
				['kubernetes/', '700'],
				['kubernetes/consul-secrets.yaml', '600'],
				['kubernetes/consul-values.yaml', '644'],
				['start-consul.sh', '755']
			].sort()
		);
		const server = cert('node2/dc1-server-consul-0.pem');
		expect(server.subject).toBe('CN=server.dc1.consul');
		expect(ekus(server)).toEqual([SERVER, CLIENT]);
		// tls_cert_create.go order: <node>.server.<dc>.<domain>, server.<dc>.<domain>, localhost, 127.0.0.1.
		expect(sans(server)).toEqual([
			'dns:node2.server.dc1.consul',
			'dns:server.dc1.consul',
			'dns:localhost',
			'ip:127.0.0.1'
		]);
		expect(cert('client-agent-1/dc1-client-consul-0.pem').subject).toBe('CN=client.dc1.consul');
		const hcl = text('config/node2/consul.hcl');
		for (const line of [
			'bootstrap_expect = 3',
			'serf_lan = 8311',
			'https    = 8511',
			'http     = -1',
			'verify_incoming = true',
			'verify_server_hostname = true',
			'cert_file       = "node2/dc1-server-consul-0.pem"',
			'retry_join       = ["127.0.0.1:8301", "127.0.0.1:8311", "127.0.0.1:8321"]'
		]) {
			expect(hcl).toContain(line);
		}
		expect(text('start-consul.sh')).toContain('consul agent -config-file "config/node3/consul.hcl"');
	});

	test('large labs: Consul joins through the first three servers, so each config stays small', () => {
		const { folders } = labRequest({ ...defaultLab('consul', 825), nodes: 1000 }, 'Lab Root');
		const files = folders.flatMap((f) => f.files ?? []);
		const hcl = files.find((f) => f.path === 'config/node1000/consul.hcl')?.text ?? '';
		expect(hcl).toContain('bootstrap_expect = 1000');
		expect(hcl).toContain('retry_join       = ["127.0.0.1:8301", "127.0.0.1:8311", "127.0.0.1:8321"]');
		expect(files.reduce((n, f) => n + f.text.length, 0)).toBeLessThan(2_000_000);
	});

	test('a bad user is refused naming its folder before any key is made', async () => {
		await expect(issueLab({ ...defaultLab('postgresql', 825), users: 'alice, -bob' })).rejects.toThrow(
			expect.objectContaining({ code: 'username-invalid', message: expect.stringContaining('client--bob: ') })
		);
	});
});
