import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES } from './support/bundles';
import { describeRun, run } from './support/run';
import { clientTls, kitCases, startKit, type RunningKit } from './support/server-kits';

// Mosquitto from the kit zips, started by their start-mosquitto.sh: one TLS listener with cafile,
// certfile, keyfile, require_certificate true and use_identity_as_username true
// (https://mosquitto.org/man/mosquitto-conf-5.html).

describe.each(kitCases(BUNDLES.labMosquitto, BUNDLES.kitMosquitto, 24430))('Mosquitto $name', (kit) => {
	let running: RunningKit;
	beforeAll(async () => (running = await startKit(kit.zip, 'start-mosquitto.sh', kit)));
	afterAll(async () => running?.stop());

	const tls = (port: number, withCert: boolean) => [
		...clientTls(running, withCert, '--cafile'),
		'-h',
		'localhost',
		'-p',
		String(port)
	];

	test('the README gives the mosquitto_sub and mosquitto_pub commands this test runs', () => {
		const dir = running.clientDir;
		const options = `--cafile ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key -h localhost -p 8883`;
		expect(running.readme).toContain(`mosquitto_sub ${options} -t lab/hello -C 1`);
		expect(running.readme).toContain(`mosquitto_pub ${options} -t lab/hello -m hello`);
	});

	test('on every server a message published with the client certificate reaches a subscriber', async () => {
		for (const server of running.servers) {
			// Retained, so the subscriber that connects next receives it without racing the publisher.
			const pub = await run('mosquitto_pub', [
				...tls(server.port, true),
				'-t',
				'lab/hello',
				'-r',
				'-m',
				`hello ${server.port}`
			]);
			expect(pub.code, `${describeRun(pub)}\n${running.log()}`).toBe(0);
			const sub = await run('mosquitto_sub', [...tls(server.port, true), '-t', 'lab/hello', '-C', '1', '-W', '10']);
			expect(sub.code, describeRun(sub)).toBe(0);
			expect(sub.stdout).toBe(`hello ${server.port}\n`);
		}
	});

	test('a client without a certificate cannot publish', async () => {
		const result = await run('mosquitto_pub', [
			...tls(running.servers[0]?.port ?? 0, false),
			'-t',
			'lab/hello',
			'-m',
			'x'
		]);
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/Error/);
	});
});
