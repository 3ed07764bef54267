import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { opensslVerify } from './support/openssl';
import { describeRun } from './support/run';

// openssl verify checks the chain to ca.crt and, with -purpose, the keyUsage/extendedKeyUsage a
// TLS server or client needs (openssl-verification-options(1), "Certificate Extensions").
// X509_V_ERR_INVALID_PURPOSE is error 26, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY error 20.

describe(`openssl verify (${BUNDLES.certs})`, () => {
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

	test.each([
		['node.crt', 'sslserver'],
		['node.crt', 'sslclient'],
		['client.root.crt', 'sslclient'],
		['ui.crt', 'sslserver']
	] as const)('%s verifies against ca.crt for -purpose %s', async (cert, purpose) => {
		const result = await opensslVerify(bundle.path('ca.crt'), purpose, bundle.path(cert));
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout.trim()).toBe(`${bundle.path(cert)}: OK`);
	});

	test('client.root.crt is refused for -purpose sslserver (clientAuth only)', async () => {
		const result = await opensslVerify(bundle.path('ca.crt'), 'sslserver', bundle.path('client.root.crt'));
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/error 26 at 0 depth lookup: unsuitable certificate purpose/);
	});

	test("node.crt is refused against Other CA's ca.crt", async () => {
		const result = await opensslVerify(other.path('ca.crt'), 'sslserver', bundle.path('node.crt'));
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/error 20 at 0 depth lookup: unable to get local issuer certificate/);
	});

	test("Other CA's client.root.crt is refused against this ca.crt", async () => {
		const result = await opensslVerify(bundle.path('ca.crt'), 'sslclient', other.path('client.root.crt'));
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/error 20 at 0 depth lookup/);
	});
});
