import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { opensslVerify, publicKeys } from './support/openssl';
import { describeRun } from './support/run';

/**
 * Importing an existing CA: bundles issued in the browser by imported CAs (tests/e2e/ca-import.spec.ts)
 * verify with openssl against the CA files as the outside tools wrote them: openssl's own ca.crt,
 * and keytool's certificate exported with `keytool -exportcert -rfc`. The e2e run saves both the
 * zips and those original files (BUNDLES_DIR/ca-import); run it first.
 */
const IMPORTED = [
	{ tool: 'openssl', zip: 'cockroachdb-certs-imported-openssl-ca.zip', original: 'openssl-ca.crt' },
	{ tool: 'keytool', zip: 'cockroachdb-certs-keytool-imported-ca.zip', original: 'keytool-ca.crt' }
] as const;

const original = (name: string) => bundlePath(`ca-import/${name}`);
const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

describe.each(IMPORTED)('CA imported from $tool', ({ zip, original: caFile }) => {
	let bundle: Unzipped;
	beforeAll(async () => {
		bundle = await unzipBundle(zip);
	});
	afterAll(async () => {
		await bundle?.remove();
	});

	test('node.crt verifies against the original CA certificate for -purpose sslserver', async () => {
		const result = await opensslVerify(original(caFile), 'sslserver', bundle.path('node.crt'));
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout.trim()).toBe(`${bundle.path('node.crt')}: OK`);
	});

	test('client.root.crt verifies against the original CA certificate for -purpose sslclient', async () => {
		const result = await opensslVerify(original(caFile), 'sslclient', bundle.path('client.root.crt'));
		expect(result.code, describeRun(result)).toBe(0);
	});

	// keytool -exportcert -rfc ends its lines with CRLF (Java's MIME base64); the certificate inside is
	// what counts, and the PEM text is otherwise the same, 64 columns and all.
	test('the ca.crt in the bundle holds the imported certificate byte for byte', () => {
		const bundled = readFileSync(bundle.path('ca.crt'), 'latin1');
		const imported = readFileSync(original(caFile), 'latin1');
		expect(der(bundled)).toEqual(der(imported));
		expect(bundled).toBe(imported.replace(/\r\n/g, '\n'));
	});

	test('node.key is the key of node.crt', async () => {
		const { fromCert, fromKey } = await publicKeys(bundle.path('node.crt'), bundle.path('node.key'));
		expect(fromKey).toBe(fromCert);
	});
});

test("node.crt of the openssl-imported CA is refused against the keytool CA's certificate", async () => {
	const bundle = await unzipBundle(IMPORTED[0].zip);
	try {
		const result = await opensslVerify(original('keytool-ca.crt'), 'sslserver', bundle.path('node.crt'));
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/error 20 at 0 depth lookup: unable to get local issuer certificate/);
	} finally {
		await bundle.remove();
	}
});
