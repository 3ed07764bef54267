import { afterEach, afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { opensslClient, startOpensslServer, type OpensslServer } from './support/openssl-server';
import { describeRun } from './support/run';

// The same handshake with openssl's own s_server and s_client, so a TLS stack other than Node's
// bindings accepts the bundle too.

describe(`mutual TLS with openssl s_server / s_client (${BUNDLES.certs})`, () => {
	let bundle: Unzipped;
	let other: Unzipped;
	let server: OpensslServer | undefined;
	beforeAll(async () => {
		bundle = await unzipBundle(BUNDLES.certs);
		other = await unzipBundle(BUNDLES.otherCa);
	});
	afterEach(async () => {
		await server?.stop();
		server = undefined;
	});
	afterAll(async () => {
		await bundle?.remove();
		await other?.remove();
	});

	const startNode = () =>
		startOpensslServer({ cert: bundle.path('node.crt'), key: bundle.path('node.key'), ca: bundle.path('ca.crt') });

	test('node serves, client.root authenticates, data flows both ways', async () => {
		server = await startNode();
		const client = await opensslClient(server.port, {
			cert: bundle.path('client.root.crt'),
			key: bundle.path('client.root.key'),
			ca: bundle.path('ca.crt')
		});
		const exit = await server.exited;
		const why = `${describeRun(client)}\n--- s_server ---\n${server.output()}`;
		expect(client.code, why).toBe(0);
		expect(client.stdout, why).toBe('gnip\n'); // "ping" reversed by s_server -rev
		expect(exit, why).toBe(0);
		expect(server.output(), why).toMatch(/Peer certificate: (O = Cockroach, )?CN = root/);
		expect(server.output(), why).toMatch(/Verification: OK/);
	});

	test("s_server refuses Other CA's client.root certificate", async () => {
		server = await startNode();
		const client = await opensslClient(server.port, {
			cert: other.path('client.root.crt'),
			key: other.path('client.root.key'),
			ca: bundle.path('ca.crt')
		});
		await server.exited;
		const why = `${describeRun(client)}\n--- s_server ---\n${server.output()}`;
		expect(client.code, why).not.toBe(0);
		expect(client.stdout, why).toBe('');
		expect(client.stderr, why).toMatch(/alert unknown ca/);
		expect(server.output(), why).toMatch(/verify error:num=20:unable to get local issuer certificate/);
		expect(server.output(), why).toMatch(/CONNECTION FAILURE/);
	});
});
