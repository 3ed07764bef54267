import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES } from './support/bundles';
import { describeRun, run } from './support/run';
import { curlKit, kitCases, startKit, type RunningKit } from './support/server-kits';

// nginx from the kit zips, started by their start-nginx.sh: ssl_verify_client on with
// ssl_client_certificate ca.crt (https://nginx.org/en/docs/http/ngx_http_ssl_module.html). A client
// with client.crt gets the page; one without gets nginx's 400 "No required SSL certificate was sent".

describe.each(kitCases(BUNDLES.labNginx, BUNDLES.kitNginx, 24400))('nginx $name', (kit) => {
	let running: RunningKit;
	beforeAll(async () => (running = await startKit(kit.zip, 'start-nginx.sh', kit)));
	afterAll(async () => running?.stop());

	const curl = (port: number, withCert: boolean) => curlKit(running, port, withCert);

	test('the README gives the curl command this test runs', () => {
		const dir = running.clientDir;
		expect(running.readme).toContain(
			`curl --cacert ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key https://localhost:8443/`
		);
	});

	test('nginx -t loads every nginx.conf of the zip as it is', async () => {
		const prefix = await mkdtemp(join(tmpdir(), 'interop-nginx-t-'));
		try {
			for (const folder of kit.servers) {
				const result = await run('nginx', [
					'-t',
					'-e',
					'stderr',
					'-p',
					`${prefix}/`,
					'-c',
					running.zip.path(folder, 'nginx.conf')
				]);
				expect(result.code, describeRun(result)).toBe(0);
				expect(result.stderr).toContain('test is successful');
			}
		} finally {
			await rm(prefix, { recursive: true, force: true });
		}
	});

	test('every server answers a client with its certificate, naming it', async () => {
		for (const server of running.servers) {
			const result = await curl(server.port, true);
			expect(result.code, `${describeRun(result)}\n${running.log()}`).toBe(0);
			expect(result.stdout).toBe('hello CN=client\n');
		}
	});

	test('a client without a certificate gets 400 "No required SSL certificate was sent"', async () => {
		const result = await curl(running.servers[0]?.port ?? 0, false);
		expect(result.stdout).toContain('No required SSL certificate was sent');
		expect(result.stdout).not.toContain('hello');
	});

	test('TLS 1.1 is refused by the server', async () => {
		const dir = running.clientDir;
		const result = await run('openssl', [
			's_client',
			'-connect',
			`127.0.0.1:${running.servers[0]?.port ?? 0}`,
			'-tls1_1',
			'-cipher',
			'DEFAULT@SECLEVEL=0',
			'-CAfile',
			running.zip.path(`${dir}ca.crt`)
		]);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toMatch(/alert protocol version/);
	});
});
