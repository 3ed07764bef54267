import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { mutualTls } from './support/node-tls';
import { opensslVerify } from './support/openssl';
import { run } from './support/run';

/**
 * Split CA ("Split CA certificates" in
 * https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca): a node verifies
 * peers' server certificates with ca.crt and client certificates with ca-client.crt; client.node.crt
 * and client.<user>.crt are signed by the client CA. A certificate from the node CA presented as a
 * client must be refused.
 */
describe(`split CA and split node certificates (${BUNDLES.split})`, () => {
	let b: Unzipped;
	beforeAll(async () => {
		b = await unzipBundle(BUNDLES.split);
	});
	afterAll(async () => {
		await b?.remove();
	});

	const file = (name: string) => readFileSync(b.path(name));
	/** The node as a server: its own certificate, and ca-client.crt to check clients with. */
	const nodeServer = () => ({ cert: file('node.crt'), key: file('node.key'), ca: file('ca-client.crt') });
	/** A client that checks the server against ca.crt and presents the given certificate. */
	const client = (base: string) => ({ cert: file(`${base}.crt`), key: file(`${base}.key`), ca: file('ca.crt') });

	test('openssl: client certificates chain to ca-client.crt, the node certificate to ca.crt, and not across', async () => {
		expect((await opensslVerify(b.path('ca-client.crt'), 'sslclient', b.path('client.root.crt'))).code).toBe(0);
		expect((await opensslVerify(b.path('ca-client.crt'), 'sslclient', b.path('client.node.crt'))).code).toBe(0);
		expect((await opensslVerify(b.path('ca.crt'), 'sslserver', b.path('node.crt'))).code).toBe(0);
		const across = await opensslVerify(b.path('ca.crt'), 'sslclient', b.path('client.root.crt'));
		expect(across.code).not.toBe(0);
		expect(across.stdout + across.stderr).toMatch(/unable to get local issuer certificate/);
		// client.node.crt is for dialling out only: it must not pass as a server certificate.
		expect((await opensslVerify(b.path('ca-client.crt'), 'sslserver', b.path('client.node.crt'))).code).not.toBe(0);
	});

	test('a mutual-TLS handshake with client.root from the client CA works', async () => {
		const result = await mutualTls(nodeServer(), client('client.root'));
		expect(result.serverError).toBeUndefined();
		expect(result.clientCn).toBe('root');
		expect(result.serverCn).toBe('node');
		expect(result.reply).toBe('pong:ping');
	});

	test('a node dialling out with client.node.crt is accepted as CN=node', async () => {
		const result = await mutualTls(nodeServer(), client('client.node'));
		expect(result.serverError).toBeUndefined();
		expect(result.clientCn).toBe('node');
		expect(result.reply).toBe('pong:ping');
	});

	test('a client certificate from the node CA (node.crt, which has clientAuth) is refused', async () => {
		const result = await mutualTls(nodeServer(), client('node'));
		expect(result.reply).toBe('');
		expect(result.clientCn).toBeUndefined();
		expect(result.serverError).toBeInstanceOf(Error);
		// The client sends node.crt with the node CA it chains to, which the server does not trust.
		expect(result.serverAuthorizationError).toMatch(
			/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/
		);
	});

	test('node.crt carries the node CA’s OCSP responder and CRL distribution point; client CA certificates carry none', async () => {
		const ext = await run('openssl', [
			'x509',
			'-in',
			b.path('node.crt'),
			'-noout',
			'-ext',
			'authorityInfoAccess,crlDistributionPoints'
		]);
		expect(ext.code).toBe(0);
		expect(ext.stdout).toContain('OCSP - URI:http://ocsp.lab.internal:8888');
		expect(ext.stdout).toContain('URI:http://pki.lab.internal/node-ca.crl');
		const client = await run('openssl', ['x509', '-in', b.path('client.root.crt'), '-noout', '-text']);
		expect(client.stdout).not.toContain('Authority Information Access');
		expect(client.stdout).not.toContain('CRL Distribution Points');
	});
});
