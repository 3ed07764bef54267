import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from '../../lint/openssl-fixtures';

/** Consul agent rules on openssl-made certificates shaped like consul tls output. */
let d: OpensslDir;
beforeAll(() => {
	d = new OpensslDir();
	d.ca('agent/consul-agent-ca', 'Consul Agent CA 1');
	d.leaf('agent/dc1-server-consul-0', {
		cn: 'server.dc1.consul',
		ca: 'agent/consul-agent-ca',
		ext: ['extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:server.dc1.consul,DNS:localhost,IP:127.0.0.1']
	});
	d.ca('badagent/consul-agent-ca', 'Consul Agent CA 2');
	d.leaf('badagent/dc1-server-consul-0', {
		cn: 'server.dc1.consul',
		ca: 'badagent/consul-agent-ca',
		ext: ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1']
	});
}, 120_000);
afterAll(() => d.remove());

describe('Consul agent lint', () => {
	test('agent certificates need both serverAuth and clientAuth', async () => {
		expect((await lintDropped(d.files('agent'), 'consul-agent')).rule('consul-agent-eku').status).toBe('pass');
		expect((await lintDropped(d.files('badagent'), 'consul-agent')).messages('consul-agent-eku')).toMatch(
			/dc1-server-consul-0\.crt's extended key usage lists only serverAuth/
		);
	});

	test('server certificates carry server.<dc>.<domain> (verify_server_hostname)', async () => {
		const good = await lintDropped(d.files('agent'), 'consul-agent');
		expect(good.rule('consul-server-name').status).toBe('pass');
		expect(good.rule('chain').status).toBe('pass');
		expect((await lintDropped(d.files('badagent'), 'consul-agent')).messages('consul-server-name')).toMatch(
			/has no DNS SAN server\.dc1\.consul/
		);
	});
});
