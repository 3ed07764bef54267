import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { mutualTls, readIdentity } from './support/node-tls';

describe(`mutual TLS with Node's tls (${BUNDLES.certs})`, () => {
	let bundle: Unzipped;
	let other: Unzipped;
	beforeAll(async () => {
		bundle = await unzipBundle(BUNDLES.certs);
		other = await unzipBundle(BUNDLES.otherCa);
	});
	afterAll(async () => {
		await bundle?.remove();
		await other?.remove();
	});

	const node = () => readIdentity(bundle.path('node.crt'), bundle.path('node.key'), bundle.path('ca.crt'));

	test('node serves, client.root authenticates, data flows both ways', async () => {
		const client = readIdentity(bundle.path('client.root.crt'), bundle.path('client.root.key'), bundle.path('ca.crt'));
		const result = await mutualTls(node(), client);
		expect(result.serverError).toBeUndefined();
		expect(result.clientError).toBeUndefined();
		expect(result.serverCn).toBe('node');
		expect(result.clientCn).toBe('root');
		expect(result.reply).toBe('pong:ping');
	});

	test("the server refuses Other CA's client.root certificate during the handshake", async () => {
		// The client still trusts the right CA, so only the server's check of the client can fail.
		const client = readIdentity(other.path('client.root.crt'), other.path('client.root.key'), bundle.path('ca.crt'));
		const result = await mutualTls(node(), client);
		expect(result.clientCn).toBeUndefined();
		expect(result.reply).toBe('');
		// The server's own verdict: the client chain does not lead to its ca.crt.
		expect(result.serverError).toBeInstanceOf(Error);
		expect(result.serverAuthorizationError).toMatch(
			/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/
		);
	});

	test("a client that trusts only Other CA refuses the node's certificate", async () => {
		const client = readIdentity(other.path('client.root.crt'), other.path('client.root.key'), other.path('ca.crt'));
		const result = await mutualTls(
			readIdentity(bundle.path('node.crt'), bundle.path('node.key'), other.path('ca.crt')),
			client
		);
		expect(result.serverCn).toBeUndefined();
		expect(result.reply).toBe('');
		expect(result.clientError?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
	});
});
