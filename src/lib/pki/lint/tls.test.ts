import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from './openssl-fixtures';

/** Plain TLS server and client rules on openssl-made certificates. */
let d: OpensslDir;
beforeAll(() => {
	d = new OpensslDir();
	d.ca('ca/ca', 'TLS Test CA');
	d.leaf('ok/server', {
		cn: 'www.example.com',
		ca: 'ca/ca',
		ext: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=DNS:www.example.com']
	});
	d.leaf('ok/client', {
		cn: 'alice',
		ca: 'ca/ca',
		ext: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth']
	});
	d.leaf('bad/server', {
		cn: 'www.example.com',
		ca: 'ca/ca',
		ext: ['keyUsage=critical,nonRepudiation', 'extendedKeyUsage=clientAuth']
	});
}, 120_000);
afterAll(() => d.remove());

const lint = (files: ReturnType<OpensslDir['files']>, target: string) =>
	lintDropped([...files, ...d.files('ca')], target, { hosts: ['www.example.com'] });
const one = (dir: string, name: string) => d.files(dir).filter((f) => f.name.includes(`/${name}.`));

describe('plain TLS lint', () => {
	test('server: EKU serverAuth, key usage for the handshake, SANs, host, chain', async () => {
		const good = await lint(one('ok', 'server'), 'tls-server');
		for (const id of ['eku-server', 'ku-server', 'server-has-san', 'hosts-in-san', 'chain', 'key-matches-certificate'])
			expect(good.rule(id).status, id).toBe('pass');
		const bad = await lint(one('bad', 'server'), 'tls-server');
		expect(bad.messages('eku-server')).toMatch(
			/server\.crt may not be used as a TLS server: its extended key usage lists only clientAuth/
		);
		expect(bad.messages('ku-server')).toMatch(/key usage lacks digitalSignature/);
		expect(bad.messages('server-has-san')).toMatch(/no DNS or IP SAN \(only CN=www\.example\.com\)/);
		expect(bad.messages('hosts-in-san')).toMatch(/host www\.example\.com matches only the subject CN/);
		expect(bad.messages('chain')).toMatch(/not allowed to be used as a TLS server/);
	});

	test('client: EKU clientAuth and key usage', async () => {
		const good = await lint(one('ok', 'client'), 'tls-client');
		expect(good.rule('eku-client').status).toBe('pass');
		expect(good.rule('ku-client').status).toBe('pass');
		const bad = await lint(one('ok', 'server'), 'tls-client');
		expect(bad.messages('eku-client')).toMatch(/server\.crt may not be used as a TLS client/);
		const badKu = await lint(one('bad', 'server'), 'tls-client');
		expect(badKu.messages('ku-client')).toMatch(/lacks digitalSignature/);
	});
});
