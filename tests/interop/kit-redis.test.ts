import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES } from './support/bundles';
import { describeRun, run } from './support/run';
import { clientTls, kitCases, startKit, type RunningKit } from './support/server-kits';

// Redis from the kit zips, started by their start-redis.sh: TLS only (port 0, tls-port), with
// tls-auth-clients yes and tls-ca-cert-file ca.crt
// (https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/).

describe.each(kitCases(BUNDLES.labRedis, BUNDLES.kitRedis, 24420))('Redis $name', (kit) => {
	let running: RunningKit;
	beforeAll(async () => (running = await startKit(kit.zip, 'start-redis.sh', kit)));
	afterAll(async () => running?.stop());

	const cli = (port: number, withCert: boolean, ...command: string[]) =>
		run('redis-cli', ['--tls', ...clientTls(running, withCert), '-h', 'localhost', '-p', String(port), ...command]);

	test('the README gives the redis-cli command this test runs', () => {
		const dir = running.clientDir;
		expect(running.readme).toContain(
			`redis-cli --tls --cacert ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key -h localhost -p 6379 PING`
		);
	});

	test('every server answers PING and keeps a value for a client with its certificate', async () => {
		for (const server of running.servers) {
			const ping = await cli(server.port, true, 'PING');
			expect(ping.code, `${describeRun(ping)}\n${running.log()}`).toBe(0);
			expect(ping.stdout.trim()).toBe('PONG');
			expect((await cli(server.port, true, 'SET', 'greeting', `hello ${server.port}`)).stdout.trim()).toBe('OK');
			expect((await cli(server.port, true, 'GET', 'greeting')).stdout.trim()).toBe(`hello ${server.port}`);
		}
	});

	test('a client without a certificate gets no answer: the server drops it', async () => {
		const result = await cli(running.servers[0]?.port ?? 0, false, 'PING');
		expect(result.stdout).not.toContain('PONG');
		expect(result.stdout + result.stderr).toMatch(/Error|closed|reset/i);
	});
});
