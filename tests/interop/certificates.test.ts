import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { describeCertificate, publicKeys } from './support/openssl';

// What CockroachDB reads from a certs-dir: a node certificate with CN=node that serves and dials
// (serverAuth + clientAuth) under its hosts, client.<user>.crt with CN=<user> (clientAuth), and
// ui.crt for the DB Console (serverAuth). Read back with openssl, not with the app's own parser.

describe(`certificate contents (${BUNDLES.certs})`, () => {
	let bundle: Unzipped;
	beforeAll(async () => (bundle = await unzipBundle(BUNDLES.certs)));
	afterAll(async () => bundle?.remove());

	test('node.crt: CN=node, O=Cockroach, its hosts as SANs, serverAuth + clientAuth', async () => {
		const text = await describeCertificate(bundle.path('node.crt'));
		expect(text).toMatch(/^subject=CN=node,O=Cockroach$/m);
		expect(text).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1\s*$/m);
		expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
	});

	test('client.root.crt: CN=root, clientAuth only', async () => {
		const text = await describeCertificate(bundle.path('client.root.crt'));
		expect(text).toMatch(/^subject=CN=root(,O=Cockroach)?$/m);
		expect(text).toMatch(/Extended Key Usage: *\n\s*TLS Web Client Authentication\s*$/m);
	});

	test('ui.crt: SAN localhost, serverAuth', async () => {
		const text = await describeCertificate(bundle.path('ui.crt'));
		expect(text).toMatch(/DNS:localhost/);
		expect(text).toMatch(/Extended Key Usage: *\n\s*TLS Web Server Authentication/);
	});

	test.each([
		['node.crt', 'node.key'],
		['client.root.crt', 'client.root.key'],
		['ui.crt', 'ui.key']
	])('%s matches %s, an unencrypted PKCS#8 key', async (cert, key) => {
		expect(await readFile(bundle.path(key), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
		const keys = await publicKeys(bundle.path(cert), bundle.path(key));
		expect(keys.fromKey).toContain('-----BEGIN PUBLIC KEY-----');
		expect(keys.fromKey).toBe(keys.fromCert);
	});
});
