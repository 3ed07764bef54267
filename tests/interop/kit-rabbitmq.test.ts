import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { readmeCommand, retry, runReadmeCommand, startScript, type StartedScript } from './support/kit-server';
import { describeRun, run } from './support/run';

// The RabbitMQ kit from the e2e zips: the start script runs the broker as this user from the
// unzipped folder with the kit's rabbitmq.conf (listeners.ssl.default, ssl_options.verify =
// verify_peer, fail_if_no_peer_cert = true, https://www.rabbitmq.com/docs/ssl). The README's
// openssl s_client command sends the AMQP 0-9-1 header and gets Connection.Start back; without a
// client certificate the handshake fails. Both brokers boot together: on a 2-core machine under other
// test load this file took 53 s (load average 19) to 68 s (load average 47), hence the 100 s wait.

const EPMD_PORT = 24532;
/** How long a broker may take to boot before its test fails. */
const BOOT_MS = 100_000;
const LAB = { amqps: 24530, dist: 24531 };
const KIT = { amqps: 24535, dist: 24536 };

/** Connection.Start (AMQP 0-9-1 §1.4.2.1), as the README's command prints it: printable bytes, the rest as dots. */
const CONNECTION_START = /capabilities.*product.{1,8}RabbitMQ.*AMQPLAIN PLAIN/s;

/**
 * Connects without a client certificate and sends nothing. In TLS 1.3 the client's handshake ends
 * before the server judges its empty Certificate (RFC 8446 §4.4.2.4), so the refusal comes as an alert
 * afterwards; bytes the client had already written would be unread when the broker closes, and the
 * kernel then resets the connection instead of delivering that alert (RFC 1122 §4.2.2.13). Sending
 * nothing keeps the broker's alert the one outcome to look for.
 */
async function withoutCertificate(cwd: string, port: number, ca: string) {
	const result = await run(
		'bash',
		['-c', `sleep 3 | openssl s_client -connect 127.0.0.1:${port} -CAfile ${ca} -quiet`],
		{ cwd, timeoutMs: 20_000 }
	);
	expect(result.stderr, describeRun(result)).toMatch(/alert certificate required/);
}

/** Both brokers start at once in beforeAll: each takes 10-25 s to boot on a loaded 2-core machine. */
let lab: Unzipped;
let kit: Unzipped;
let brokers: StartedScript | undefined;
let broker: StartedScript | undefined;
beforeAll(async () => {
	lab = await unzipBundle(BUNDLES.labRabbitmq);
	kit = await unzipBundle(BUNDLES.kitRabbitmq);
	const epmd = { ERL_EPMD_PORT: String(EPMD_PORT) };
	brokers = startScript(lab.dir, './start-rabbitmq.sh', [], {
		...epmd,
		LAB_BASE_PORT: String(LAB.amqps),
		LAB_DIST_BASE_PORT: String(LAB.dist)
	});
	broker = startScript(kit.dir, 'bash', ['start-rabbitmq.sh'], {
		...epmd,
		RABBITMQ_PORT: String(KIT.amqps),
		RABBITMQ_DIST_PORT: String(KIT.dist)
	});
});
afterAll(async () => {
	await Promise.all([brokers?.stop(), broker?.stop()]);
	// Erlang's port mapper outlives the brokers; it was started on this test's own port.
	await run('epmd', ['-port', String(EPMD_PORT), '-kill'], { timeoutMs: 10_000 });
	await Promise.all([lab?.remove(), kit?.remove()]);
});

describe(`RabbitMQ lab (${BUNDLES.labRabbitmq})`, () => {
	test('the start script runs the broker; the README command gets Connection.Start, no certificate is refused', async () => {
		const command = readmeCommand(lab.path('README.txt'), "(printf 'AMQP", 5671, LAB.amqps);
		expect(command).toContain('-cert client-alice/client.crt');
		const result = await retry(
			() => runReadmeCommand(lab.dir, command),
			(r) => CONNECTION_START.test(r.stdout),
			BOOT_MS
		);
		const log = () => readFileSync(lab.path('data', 'node1.log'), 'utf8');
		expect(result.stdout, `${describeRun(result)}\n${brokers?.output()}\n${log()}`).toMatch(CONNECTION_START);
		await withoutCertificate(lab.dir, LAB.amqps, 'client-alice/ca.crt');
	});
});

describe(`RabbitMQ single-server bundle (${BUNDLES.kitRabbitmq})`, () => {
	test('bash start-rabbitmq.sh serves rabbitmq.conf on RABBITMQ_PORT; the README command gets Connection.Start', async () => {
		const command = readmeCommand(kit.path('README.txt'), "(printf 'AMQP", 5671, KIT.amqps);
		const result = await retry(
			() => runReadmeCommand(kit.dir, command),
			(r) => CONNECTION_START.test(r.stdout),
			BOOT_MS
		);
		expect(result.stdout, `${describeRun(result)}\n${broker?.output()}`).toMatch(CONNECTION_START);
		await withoutCertificate(kit.dir, KIT.amqps, 'ca.crt');
	});
});
