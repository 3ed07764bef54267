import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundlePath, unzipBundle, type Unzipped } from './support/bundles';
import { describeRun, run } from './support/run';

/**
 * The CRLs the app published in tests/e2e/revocation.spec.ts, checked by OpenSSL: `openssl verify
 * -crl_check` looks up the leaf's serial in the CRL of its issuer (openssl-verification-options(1),
 * "-crl_check"); X509_V_ERR_CERT_REVOKED is error 23, "certificate revoked".
 */
const ZIP = 'cockroachdb-certs-revoke-root-ca.zip';
const DER = 'revoke-root.crl';
const PEM = (n: number) => `revoke-root-ca-crl-${n}.pem`;
const CRL_URL = 'http://pki.lab.internal/crl/revoke-root.crl';

const verify = (bundle: Unzipped, crlPem: string, cert: string) =>
	run('openssl', [
		'verify',
		'-crl_check',
		'-CAfile',
		bundle.path('ca.crt'),
		'-CRLfile',
		bundlePath(crlPem),
		bundle.path(cert)
	]);

async function crlText(file: string, inform: 'PEM' | 'DER' = 'PEM'): Promise<string> {
	const result = await run('openssl', ['crl', '-inform', inform, '-in', bundlePath(file), '-noout', '-text']);
	if (result.code !== 0) throw new Error(describeRun(result));
	return result.stdout;
}

describe(`CRLs of Revoke Root CA (${ZIP}, ${DER})`, () => {
	let bundle: Unzipped;
	beforeAll(async () => {
		bundle = await unzipBundle(ZIP);
	});
	afterAll(async () => {
		await bundle?.remove();
	});

	test.each([1, 2])(
		'openssl verify -crl_check with CRL number %i refuses the revoked client: "certificate revoked"',
		async (n) => {
			const result = await verify(bundle, PEM(n), 'client.alice.crt');
			expect(result.code, describeRun(result)).not.toBe(0);
			expect(result.stderr).toMatch(/error 23 at 0 depth lookup: certificate revoked/);
		}
	);

	test.each([1, 2])('openssl verify -crl_check with CRL number %i accepts the node certificate', async (n) => {
		const result = await verify(bundle, PEM(n), 'node.crt');
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout.trim()).toBe(`${bundle.path('node.crt')}: OK`);
	});

	test('without the CRL, -crl_check cannot decide, so the CRL is what refuses the client', async () => {
		const result = await run('openssl', [
			'verify',
			'-crl_check',
			'-CAfile',
			bundle.path('ca.crt'),
			bundle.path('client.alice.crt')
		]);
		expect(result.stderr).toMatch(/unable to get certificate CRL/);
	});

	test('openssl crl -text shows v2, the CRL number, the CA key id as AKI, nextUpdate and "Key Compromise"', async () => {
		const text = await crlText(PEM(2));
		expect(text).toMatch(/Version 2 \(0x1\)/);
		expect(text).toMatch(/X509v3 CRL Number:\s*\n\s*2\n/);
		const ski = await run('openssl', ['x509', '-in', bundle.path('ca.crt'), '-noout', '-ext', 'subjectKeyIdentifier']);
		const keyId = ski.stdout.split('\n')[1]!.trim();
		expect(keyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
		expect(text).toMatch(new RegExp(`X509v3 Authority Key Identifier:\\s*\\n\\s*(keyid:)?${keyId}\\n`));
		const last = /Last Update: (.+)\n/.exec(text)?.[1];
		const next = /Next Update: (.+)\n/.exec(text)?.[1];
		// The e2e test chose 3 days for CRL number 2.
		expect(new Date(next!).getTime() - new Date(last!).getTime()).toBe(3 * 86_400_000);
		const serial = (await run('openssl', ['x509', '-in', bundle.path('client.alice.crt'), '-noout', '-serial'])).stdout
			.trim()
			.replace('serial=', '');
		expect(text).toMatch(
			new RegExp(
				`Serial Number: ${serial}\\n\\s*Revocation Date: .+\\n\\s*CRL entry extensions:\\n\\s*X509v3 CRL Reason Code: \\n\\s*Key Compromise\\n`
			)
		);
		// One revoked certificate: the node is not listed.
		expect(text.match(/Serial Number:/g)).toHaveLength(1);
	});

	test('the CRL number went up from the first publish to the second', async () => {
		expect(await crlText(PEM(1))).toMatch(/X509v3 CRL Number:\s*\n\s*1\n/);
		expect(await crlText(DER, 'DER')).toMatch(/X509v3 CRL Number:\s*\n\s*2\n/);
	});

	test("the DER file is the PEM's base64 content", () => {
		const pem = readFileSync(bundlePath(PEM(2)), 'utf8');
		expect(pem).toMatch(
			/^-----BEGIN X509 CRL-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END X509 CRL-----\n$/
		);
		const base64 = pem.replace(/-----(BEGIN|END) X509 CRL-----/g, '').replace(/\s/g, '');
		expect(Buffer.from(base64, 'base64').equals(readFileSync(bundlePath(DER)))).toBe(true);
	});

	test.each(['node.crt', 'client.alice.crt'])(
		'the CRL distribution point in %s ends with the DER file name',
		async (cert) => {
			const result = await run('openssl', [
				'x509',
				'-in',
				bundle.path(cert),
				'-noout',
				'-ext',
				'crlDistributionPoints'
			]);
			expect(result.code, describeRun(result)).toBe(0);
			const uri = /URI:(\S+)/.exec(result.stdout)?.[1];
			expect(uri).toBe(CRL_URL);
			expect(uri!.endsWith(`/${basename(bundlePath(DER))}`)).toBe(true);
		}
	);
});
