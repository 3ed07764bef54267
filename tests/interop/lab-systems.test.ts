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
	ca: string;
	node: { cert: string; key: string; purposes: Purpose[] };
	client: { folder: string; cert: string; key: string; cn: string };
	script: string;
	/** Nodes dial each other with their node certificate (CockroachDB), or only clients dial nodes (generic mTLS). */
	nodesDialEachOther: boolean;
}

const CASES: LabCase[] = [
	{
		zip: BUNDLES.labCockroachdb,
		ca: 'ca.crt',
		node: { cert: 'node.crt', key: 'node.key', purposes: ['sslserver', 'sslclient'] },
		client: { folder: 'client', cert: 'client.root.crt', key: 'client.root.key', cn: 'root' },
		script: 'start-cockroach.sh',
		nodesDialEachOther: true
	},
	{
		zip: BUNDLES.labMtls,
		ca: 'ca.crt',
		node: { cert: 'server.crt', key: 'server.key', purposes: ['sslserver'] },
		client: { folder: 'client-client', cert: 'client.crt', key: 'client.key', cn: 'client' },
		script: 'start-servers.sh',
		nodesDialEachOther: false
	}
];

describe.each(CASES)('lab $zip', (c) => {
	let lab: Unzipped;
	beforeAll(async () => (lab = await unzipBundle(c.zip)));
	afterAll(async () => lab?.remove());
	const node = (name: string) => readIdentity(lab.path(name, c.node.cert), lab.path(name, c.node.key), lab.path(name, c.ca));

	test('every node certificate verifies against its folder CA for each purpose it serves', async () => {
		for (const name of ['node1', 'node2', 'node3']) {
			for (const purpose of c.node.purposes) {
				const result = await opensslVerify(lab.path(name, c.ca), purpose, lab.path(name, c.node.cert));
				expect(result.code, describeRun(result)).toBe(0);
			}
		}
		const client = await opensslVerify(lab.path(c.client.folder, c.ca), 'sslclient', lab.path(c.client.folder, c.client.cert));
		expect(client.code, describeRun(client)).toBe(0);
	});

	test('the client folder authenticates to node2 over mutual TLS', async () => {
		const client = readIdentity(lab.path(c.client.folder, c.client.cert), lab.path(c.client.folder, c.client.key), lab.path(c.client.folder, c.ca));
		const result = await mutualTls(node('node2'), client);
		expect(result.serverError).toBeUndefined();
		expect(result.clientError).toBeUndefined();
		expect(result.clientCn).toBe(c.client.cn);
		expect(result.reply).toBe('pong:ping');
	});

	test('node3 dials node1 with its own certificate when the system does that', async () => {
		const result = await mutualTls(node('node1'), node('node3'));
		if (c.nodesDialEachOther) {
			expect(result.clientError).toBeUndefined();
			expect(result.reply).toBe('pong:ping');
		} else {
			// A serverAuth-only certificate is no client certificate: the server must refuse it.
			expect(result.reply).toBeUndefined();
		}
	});

	test('the start script is valid bash', async () => {
		const result = await run('bash', ['-n', lab.path(c.script)]);
		expect(result.code, describeRun(result)).toBe(0);
	});
});
