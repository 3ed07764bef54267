import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES } from './support/bundles';
import { describeRun, run } from './support/run';
import { curlKit, kitCases, startKit, type RunningKit } from './support/server-kits';

// HAProxy from the kit zips, started by their start-haproxy.sh: bind … ssl crt server.pem (chain and
// key in one file) ca-file ca.crt verify required ssl-min-ver TLSv1.2
// (https://docs.haproxy.org/2.6/configuration.html#5.1). Without a client certificate the handshake fails.

describe.each(kitCases(BUNDLES.labHaproxy, BUNDLES.kitHaproxy, 24410))('HAProxy $name', (kit) => {
	let running: RunningKit;
	beforeAll(async () => (running = await startKit(kit.zip, 'start-haproxy.sh', kit)));
	afterAll(async () => running?.stop());

	const curl = (port: number, withCert: boolean) => curlKit(running, port, withCert);

	test('the README gives the curl command this test runs', () => {
		const dir = running.clientDir;
		expect(running.readme).toContain(
			`curl --cacert ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key https://localhost:9443/`
		);
	});

	test('haproxy -c accepts every haproxy.cfg of the zip, run from its folder as the README says', async () => {
		for (const folder of kit.servers) {
			const result = await run('haproxy', ['-c', '-f', 'haproxy.cfg'], { cwd: running.zip.path(folder) });
			expect(result.code, describeRun(result)).toBe(0);
			expect(result.stdout).toContain('Configuration file is valid');
		}
	});

	test('every server answers a client with its certificate, naming it', async () => {
		for (const server of running.servers) {
			const result = await curl(server.port, true);
			expect(result.code, `${describeRun(result)}\n${running.log()}`).toBe(0);
			expect(result.stdout).toBe('hello /CN=client\n');
		}
	});

	test('a client without a certificate is refused in the handshake', async () => {
		const result = await curl(running.servers[0]?.port ?? 0, false);
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stderr).toMatch(/alert certificate required|handshake failure|reset/);
		expect(result.stdout).not.toContain('hello');
	});
});
