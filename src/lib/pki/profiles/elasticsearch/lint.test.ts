import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from '../../lint/openssl-fixtures';

/** Elasticsearch's EKU rules for transport and HTTP certificates, on certificates made by openssl. */
let d: OpensslDir;
beforeAll(() => {
	d = new OpensslDir();
	d.ca('ca/ca', 'Elastic Test CA');
	// elasticsearch-certutil cert: both EKUs; an older certutil or a private CA: no EKU at all.
	d.leaf('both/node1', {
		cn: 'node1',
		ca: 'ca/ca',
		ext: ['extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:node1.example.com']
	});
	d.leaf('none/node2', { cn: 'node2', ca: 'ca/ca', ext: ['subjectAltName=DNS:node2.example.com'] });
	// What a public CA issues: serverAuth only.
	d.leaf('server/node3', {
		cn: 'node3',
		ca: 'ca/ca',
		ext: ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:node3.example.com']
	});
	d.leaf('client/app', {
		cn: 'app',
		ca: 'ca/ca',
		ext: ['extendedKeyUsage=clientAuth', 'subjectAltName=DNS:app.example.com']
	});
}, 120_000);
afterAll(() => d.remove());

const lint = (dir: string, target: string) => lintDropped([...d.files(dir), ...d.files('ca')], target);

describe('Elasticsearch lint', () => {
	test('transport: EKU must be absent or contain both clientAuth and serverAuth', async () => {
		expect((await lint('both', 'elasticsearch-transport')).rule('es-transport-eku').status).toBe('pass');
		expect((await lint('none', 'elasticsearch-transport')).rule('es-transport-eku').status).toBe('pass');
		const bad = await lint('server', 'elasticsearch-transport');
		expect(bad.rule('es-transport-eku').status).toBe('fail');
		expect(bad.messages('es-transport-eku')).toMatch(/node3\.crt's extended key usage lists only serverAuth/);
	});

	test('HTTP: EKU must be absent or contain serverAuth; serverAuth alone is fine', async () => {
		expect((await lint('server', 'elasticsearch-http')).rule('es-http-eku').status).toBe('pass');
		const bad = await lint('client', 'elasticsearch-http');
		expect(bad.messages('es-http-eku')).toMatch(/app\.crt may not be used as a TLS server/);
	});

	test('the host must be a SAN (verification_mode full)', async () => {
		const files = [...d.files('both'), ...d.files('ca')];
		expect(
			(await lintDropped(files, 'elasticsearch-transport', { hosts: ['node1.example.com'] })).rule('hosts-in-san')
				.status
		).toBe('pass');
		expect(
			(await lintDropped(files, 'elasticsearch-transport', { hosts: ['node9.example.com'] })).messages('hosts-in-san')
		).toMatch(/no SAN matches host node9\.example\.com/);
	});
});
