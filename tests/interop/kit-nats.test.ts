import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { readmeCommand, retry, runReadmeCommand, startScript, type StartedScript } from './support/kit-server';
import { describeRun, run } from './support/run';

// The NATS kit from the e2e zips: nats-server loads each nats.conf (nats-server -t -c), starts from the
// start script as README.txt says, answers PING with PONG to nats-ping.py and a client certificate, and
// refuses a TLS client without one (tls { verify: true },
// https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls).

const LAB_PORT = 24510;
const BUNDLE_PORT = 24515;

/** A NATS client with no certificate: INFO in plain text, then TLS without one, then CONNECT and PING. */
async function pingWithoutCertificate(port: number, ca: string): Promise<{ reply: string; error?: string }> {
	const raw: Socket = connect(port, '127.0.0.1');
	const info = await new Promise<string>((resolve, reject) => {
		let text = '';
		const onData = (chunk: Buffer) => {
			text += chunk.toString('latin1');
			if (text.includes('\n')) {
				raw.off('data', onData);
				raw.pause();
				resolve(text);
			}
		};
		raw.on('data', onData).once('error', reject);
	});
	expect(info).toMatch(/^INFO \{.*"tls_required":true/);
	return new Promise((resolve) => {
		let reply = '';
		const tls = tlsConnect(
			{ socket: raw, ca: readFileSync(ca), servername: 'localhost', minVersion: 'TLSv1.2' },
			() => {
				tls.write('CONNECT {"verbose":false,"tls_required":true}\r\nPING\r\n');
			}
		);
		tls.setEncoding('utf8').on('data', (chunk: string) => (reply += chunk));
		tls.on('error', (error) => resolve({ reply, error: error.message }));
		tls.on('close', () => resolve({ reply }));
		setTimeout(() => {
			tls.destroy();
			resolve({ reply, error: 'timeout' });
		}, 10_000);
	});
}

describe(`NATS lab (${BUNDLES.labNats})`, () => {
	let lab: Unzipped;
	let servers: StartedScript | undefined;
	beforeAll(async () => {
		lab = await unzipBundle(BUNDLES.labNats);
	});
	afterAll(async () => {
		await servers?.stop();
		await lab?.remove();
	});

	test('nats-server -t accepts every node configuration', async () => {
		for (const node of ['node1', 'node2']) {
			const result = await run('nats-server', ['-t', '-c', `config/${node}/nats.conf`], { cwd: lab.dir });
			expect(result.code, describeRun(result)).toBe(0);
		}
	});

	test('the start script runs both servers; each answers PONG to its README command, and refuses a client without a certificate', async () => {
		servers = startScript(lab.dir, './start-nats.sh', [], { LAB_BASE_PORT: String(LAB_PORT) });
		const readme = lab.path('README.txt');
		const alice = readmeCommand(readme, 'python3 nats-ping.py', 4222, LAB_PORT);
		expect(alice).toBe(`python3 nats-ping.py 127.0.0.1 ${LAB_PORT} client-alice`);
		const first = await retry(
			() => runReadmeCommand(lab.dir, alice),
			(r) => r.code === 0,
			15_000
		);
		expect(first.code, `${describeRun(first)}\n${servers.output()}`).toBe(0);
		expect(first.stdout.trim()).toBe('PONG');
		// node2 listens on the next port; bob's folder is another client identity of the same CA.
		const bob = await retry(
			() => runReadmeCommand(lab.dir, `python3 nats-ping.py 127.0.0.1 ${LAB_PORT + 1} client-bob`),
			(r) => r.code === 0,
			15_000
		);
		expect(bob.stdout.trim(), describeRun(bob)).toBe('PONG');

		const refused = await pingWithoutCertificate(LAB_PORT, lab.path('client-alice', 'ca.crt'));
		expect(refused.reply).not.toContain('PONG');
		expect(refused.error).toMatch(/certificate required|alert|ECONNRESET|socket hang up/i);
		const logged = async () => readFileSync(lab.path('data', 'node1.log'), 'utf8');
		await expect.poll(logged, { timeout: 5_000 }).toContain("client didn't provide a certificate");
	});
});

describe(`NATS single-server bundle (${BUNDLES.kitNats})`, () => {
	let kit: Unzipped;
	let server: StartedScript | undefined;
	beforeAll(async () => {
		kit = await unzipBundle(BUNDLES.kitNats);
	});
	afterAll(async () => {
		await server?.stop();
		await kit?.remove();
	});

	test('nats.conf loads, bash start-nats.sh serves it on NATS_PORT, the README command gets PONG, no certificate is refused', async () => {
		const check = await run('nats-server', ['-t', '-c', 'nats.conf'], { cwd: kit.dir });
		expect(check.code, describeRun(check)).toBe(0);
		server = startScript(kit.dir, 'bash', ['start-nats.sh'], { NATS_PORT: String(BUNDLE_PORT) });
		const command = readmeCommand(kit.path('README.txt'), 'python3 nats-ping.py', 4222, BUNDLE_PORT);
		const result = await retry(
			() => runReadmeCommand(kit.dir, command),
			(r) => r.code === 0,
			15_000
		);
		expect(result.code, `${describeRun(result)}\n${server.output()}`).toBe(0);
		expect(result.stdout.trim()).toBe('PONG');
		const refused = await pingWithoutCertificate(BUNDLE_PORT, kit.path('ca.crt'));
		expect(refused.reply).not.toContain('PONG');
		expect(refused.error).toBeDefined();
		await server.waitForOutput("client didn't provide a certificate", 5_000);
	});
});
