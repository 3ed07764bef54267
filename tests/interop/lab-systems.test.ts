import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { mutualTls, readIdentity } from './support/node-tls';
import { opensslVerify, type Purpose } from './support/openssl';
import { describeRun, run } from './support/run';

// The quick labs whose servers are not on this machine: each node folder is checked with openssl
// (verify -purpose against the folder's own CA file) and two folders' certificates complete a
// mutual-TLS handshake in Node, the way nodes (or a node and a client) of the lab will talk.

interface LabCase {
	zip: string;
	/** The CA file a folder's certificates chain to, relative to the bundle. */
	ca: (folder: string) => string;
	node: { cert: (name: string) => string; key: (name: string) => string; purposes: Purpose[] };
	client: { folder: string; cert: string; key: string; cn: string };
	script: string;
	/** Nodes dial each other with their node certificate (CockroachDB), or only clients dial nodes (generic mTLS). */
	nodesDialEachOther: boolean;
}

const CASES: LabCase[] = [
	{
		zip: BUNDLES.labCockroachdb,
		ca: (folder) => `${folder}/ca.crt`,
		node: { cert: (n) => `${n}/node.crt`, key: (n) => `${n}/node.key`, purposes: ['sslserver', 'sslclient'] },
		client: { folder: 'client', cert: 'client.root.crt', key: 'client.root.key', cn: 'root' },
		script: 'start-cockroach.sh',
		nodesDialEachOther: true
	},
	{
		zip: BUNDLES.labMtls,
		ca: (folder) => `${folder}/ca.crt`,
		node: { cert: (n) => `${n}/server.crt`, key: (n) => `${n}/server.key`, purposes: ['sslserver'] },
		client: { folder: 'client-client', cert: 'client.crt', key: 'client.key', cn: 'client' },
		script: 'start-servers.sh',
		nodesDialEachOther: false
	},
	{
		// consul tls layout: consul-agent-ca.pem once at the top, dc1-server-consul-0.pem per server
		// (serverAuth + clientAuth: servers dial each other over RPC), a client agent folder.
		zip: BUNDLES.labConsul,
		ca: () => 'consul-agent-ca.pem',
		node: {
			cert: (n) => `${n}/dc1-server-consul-0.pem`,
			key: (n) => `${n}/dc1-server-consul-0-key.pem`,
			purposes: ['sslserver', 'sslclient']
		},
		client: {
			folder: 'client-agent-1',
			cert: 'dc1-client-consul-0.pem',
			key: 'dc1-client-consul-0-key.pem',
			cn: 'client.dc1.consul'
		},
		script: 'start-consul.sh',
		nodesDialEachOther: true
	},
	{
		// elasticsearch-certutil's layout: ca/ca.crt once, node<i>/node<i>.crt; transport
		// certificates without EKU serve both ends of transport mTLS
		// (https://www.elastic.co/docs/deploy-manage/security/external-ca-transport).
		zip: BUNDLES.labElasticsearch,
		ca: () => 'ca/ca.crt',
		node: { cert: (n) => `${n}/${n}.crt`, key: (n) => `${n}/${n}.key`, purposes: ['sslserver', 'sslclient'] },
		client: { folder: 'node2', cert: 'node2.crt', key: 'node2.key', cn: 'node2' },
		script: 'start-elasticsearch.sh',
		nodesDialEachOther: true
	}
];

describe.each(CASES)('lab $zip', (c) => {
	let lab: Unzipped;
	beforeAll(async () => (lab = await unzipBundle(c.zip)));
	afterAll(async () => lab?.remove());
	const node = (name: string) =>
		readIdentity(lab.path(c.node.cert(name)), lab.path(c.node.key(name)), lab.path(c.ca(name)));

	test('every node certificate verifies against its folder CA for each purpose it serves', async () => {
		for (const name of ['node1', 'node2', 'node3']) {
			for (const purpose of c.node.purposes) {
				const result = await opensslVerify(lab.path(c.ca(name)), purpose, lab.path(c.node.cert(name)));
				expect(result.code, describeRun(result)).toBe(0);
			}
		}
		const client = await opensslVerify(
			lab.path(c.ca(c.client.folder)),
			'sslclient',
			lab.path(c.client.folder, c.client.cert)
		);
		expect(client.code, describeRun(client)).toBe(0);
	});

	test('the client folder authenticates to node2 over mutual TLS', async () => {
		const client = readIdentity(
			lab.path(c.client.folder, c.client.cert),
			lab.path(c.client.folder, c.client.key),
			lab.path(c.ca(c.client.folder))
		);
		const result = await mutualTls(node('node2'), client);
		expect(result.serverError).toBeUndefined();
		expect(result.clientError).toBeUndefined();
		expect(result.clientCn).toBe(c.client.cn);
		expect(result.reply).toBe('pong:ping');
	});

	test('node3 dials node1 with its own certificate where the system does that, and cannot where it is serverAuth only', async () => {
		if (c.nodesDialEachOther) {
			const result = await mutualTls(node('node1'), node('node3'));
			expect(result.clientError).toBeUndefined();
			expect(result.reply).toBe('pong:ping');
		} else {
			// A serverAuth-only certificate is no client certificate: openssl refuses it for sslclient.
			const result = await opensslVerify(lab.path(c.ca('node3')), 'sslclient', lab.path(c.node.cert('node3')));
			expect(result.code, describeRun(result)).not.toBe(0);
			expect(result.stdout + result.stderr).toMatch(/unsuitable certificate purpose/);
		}
	});

	test('the start script is valid bash', async () => {
		const result = await run('bash', ['-n', lab.path(c.script)]);
		expect(result.code, describeRun(result)).toBe(0);
	});
});
