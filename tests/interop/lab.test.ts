import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { mutualTls, readIdentity } from './support/node-tls';
import { opensslVerify } from './support/openssl';
import { describeRun } from './support/run';

// A CockroachDB node serves SQL/RPC and dials its peers with the same node.crt (CockroachDB docs,
// "Create Security Certificates using OpenSSL": the node certificate needs both serverAuth and
// clientAuth), so each node's certificate must do both and chain to the shared ca.crt.

describe(`lab certs-dirs (${BUNDLES.lab})`, () => {
	let lab: Unzipped;
	beforeAll(async () => (lab = await unzipBundle(BUNDLES.lab)));
	afterAll(async () => lab?.remove());

	const nodes = ['node1', 'node2', 'node3'] as const;
	const purposes = ['sslserver', 'sslclient'] as const;

	test.each(nodes.flatMap((node) => purposes.map((purpose) => [node, purpose] as const)))(
		'%s/node.crt verifies against its ca.crt for -purpose %s',
		async (node, purpose) => {
			const result = await opensslVerify(lab.path(node, 'ca.crt'), purpose, lab.path(node, 'node.crt'));
			expect(result.code, describeRun(result)).toBe(0);
			expect(result.stdout.trim()).toBe(`${lab.path(node, 'node.crt')}: OK`);
		}
	);

	test('client/client.root.crt verifies against its ca.crt for -purpose sslclient', async () => {
		const result = await opensslVerify(
			lab.path('client', 'ca.crt'),
			'sslclient',
			lab.path('client', 'client.root.crt')
		);
		expect(result.code, describeRun(result)).toBe(0);
	});

	test('node2 dials node1 with its own node.crt over mutual TLS', async () => {
		const node = (name: string) =>
			readIdentity(lab.path(name, 'node.crt'), lab.path(name, 'node.key'), lab.path(name, 'ca.crt'));
		const result = await mutualTls(node('node1'), node('node2'));
		expect(result.serverError).toBeUndefined();
		expect(result.clientError).toBeUndefined();
		expect(result.serverCn).toBe('node');
		expect(result.clientCn).toBe('node');
		expect(result.reply).toBe('pong:ping');
	});

	test('the client folder authenticates to node3 as root', async () => {
		const server = readIdentity(
			lab.path('node3', 'node.crt'),
			lab.path('node3', 'node.key'),
			lab.path('node3', 'ca.crt')
		);
		const client = readIdentity(
			lab.path('client', 'client.root.crt'),
			lab.path('client', 'client.root.key'),
			lab.path('client', 'ca.crt')
		);
		const result = await mutualTls(server, client);
		expect(result.clientError).toBeUndefined();
		expect(result.clientCn).toBe('root');
		expect(result.reply).toBe('pong:ping');
	});
});
