import { describe, expect, test } from 'vitest';
import { CATALOGUE } from './catalogue';
import { MAX_MESSAGE_CHARS, recogniseError } from './diagnose';

const ids = (text: string) => recogniseError(text).recognised.map((r) => r.message.id);

describe('error message catalogue', () => {
	test('every entry cites the source file that prints it and is found by each of its fragments', () => {
		for (const m of CATALOGUE) {
			expect(m.source, m.id).toMatch(/\.(go|c|java|js)\b/);
			expect(m.causes.length, m.id).toBeGreaterThan(0);
			for (const fragment of m.match) {
				expect(fragment, m.id).toBe(fragment.toLowerCase());
				expect(ids(`prefix ${fragment.toUpperCase()} suffix`), `${m.id}: ${fragment}`).toContain(m.id);
			}
		}
		expect(new Set(CATALOGUE.map((m) => m.id)).size).toBe(CATALOGUE.length);
	});

	test.each([
		['x509: certificate signed by unknown authority', 'go-unknown-authority'],
		[
			'SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1584',
			'openssl-alert-unknown-ca'
		],
		[
			'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
			'java-pkix'
		],
		['tls: failed to verify certificate: x509: certificate is valid for localhost, not db1', 'go-hostname'],
		['curl: (60) SSL certificate problem: unable to get local issuer certificate', 'curl-certificate-problem'],
		['psql: error: private key file "/root/.postgresql/postgresql.key" has group or world access', 'libpq-key-mode'],
		['ERROR: key file certs/node.key has permissions -rw-r--r--, exceeds -rwx------', 'crdb-key-mode'],
		["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames", 'node-altname'],
		['failed to establish trust with server at [10.0.0.5]; the server provided a certificate', 'es-trust-diagnostics'],
		['==> Failed to load cert/key pair: tls: private key does not match public key', 'consul-key-pair'],
		["curl: (60) SSL: no alternative certificate subject name matches target hostname 'db1'", 'curl-hostname'],
		["curl: (51) SSL: no alternative certificate subject name matches target host name 'db1'", 'curl-hostname'],
		[
			"Error: Hostname/IP doesn't match certificate's altnames: \"Host: db1. is not in the cert's altnames\"",
			'node-altname'
		],
		[
			'sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed',
			'java-expired'
		]
	])('%s', (text, id) => expect(ids(text)).toContain(id));

	test('the dialled host is read from the message', () => {
		expect(recogniseError('x509: certificate is valid for localhost, 127.0.0.1, not db1').host).toBe('db1');
		expect(recogniseError('server certificate for "node1" does not match host name "db.example.com"').host).toBe(
			'db.example.com'
		);
		expect(recogniseError('No subject alternative names matching IP address 10.0.0.5 found').host).toBe('10.0.0.5');
	});

	test('text beyond the budget is not read, and a hostile paste is matched in linear time', () => {
		const long = `${'a'.repeat(MAX_MESSAGE_CHARS)} certificate signed by unknown authority`;
		expect(recogniseError(long)).toMatchObject({ truncated: true, recognised: [] });
		const hostile = 'certificate is valid for , '.repeat(2000);
		const t = performance.now();
		recogniseError(hostile);
		expect(performance.now() - t).toBeLessThan(500);
	});

	test('an unknown message is recognised as nothing', () => {
		expect(ids('segmentation fault (core dumped)')).toEqual([]);
	});
});
