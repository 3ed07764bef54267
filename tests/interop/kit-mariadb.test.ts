import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { readmeCommand, runReadmeCommand, startScript, type StartedScript } from './support/kit-server';
import { describeRun, run } from './support/run';

// The MariaDB kit from the e2e zips: the start script makes each data directory with
// mariadb-install-db, starts mariadbd with the kit's option file (ssl_ca, ssl_cert, ssl_key,
// require_secure_transport, tls_version) and creates each client's account REQUIRE SUBJECT
// '/CN=<user>' (https://mariadb.com/kb/en/securing-connections-for-client-and-server/). A client
// certificate logs in as its user; no certificate, another user's certificate, or no TLS is refused.

const LAB_PORT = 24520;
const BUNDLE_PORT = 24525;

const mariadb = (cwd: string, args: string[]) => run('mariadb', ['--no-defaults', ...args], { cwd, timeoutMs: 30_000 });

describe(`MariaDB lab (${BUNDLES.labMariadb})`, () => {
	let lab: Unzipped;
	let servers: StartedScript | undefined;
	beforeAll(async () => {
		lab = await unzipBundle(BUNDLES.labMariadb);
		servers = startScript(lab.dir, './start-mariadb.sh', [], { LAB_BASE_PORT: String(LAB_PORT) });
		await servers.waitForOutput('MariaDB lab ready', 60_000);
	});
	afterAll(async () => {
		await servers?.stop();
		await lab?.remove();
	});

	test("alice's README command logs in as alice over TLS 1.2+ on node1, bob's folder as bob on node2", async () => {
		const command = readmeCommand(lab.path('README.txt'), 'mariadb -h', 3306, LAB_PORT);
		expect(command).toContain('-u alice --ssl-ca=client-alice/ca.crt');
		const alice = await runReadmeCommand(lab.dir, command);
		expect(alice.code, `${describeRun(alice)}\n${servers?.output()}`).toBe(0);
		expect(alice.stdout).toContain('alice@%');
		const bob = await mariadb(lab.dir, [
			...['-h', '127.0.0.1', '-P', String(LAB_PORT + 1), '-u', 'bob', '--ssl-verify-server-cert'],
			...['--ssl-ca=client-bob/ca.crt', '--ssl-cert=client-bob/client.crt', '--ssl-key=client-bob/client.key'],
			...[
				'-N',
				'-e',
				"SELECT CURRENT_USER(), VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_version'"
			]
		]);
		expect(bob.code, describeRun(bob)).toBe(0);
		expect(bob.stdout.trim()).toMatch(/^bob@%\tTLSv1\.[23]$/);
	});

	test("no certificate, bob's certificate as alice, and a connection without TLS are refused", async () => {
		const noCert = await mariadb(lab.dir, [
			...['-h', '127.0.0.1', '-P', String(LAB_PORT), '-u', 'alice', '--ssl-ca=client-alice/ca.crt'],
			...['-e', 'SELECT CURRENT_USER()']
		]);
		expect(noCert.code).not.toBe(0);
		expect(noCert.stderr).toMatch(/Access denied for user 'alice'/);
		const wrongUser = await mariadb(lab.dir, [
			...['-h', '127.0.0.1', '-P', String(LAB_PORT), '-u', 'alice', '--ssl-ca=client-bob/ca.crt'],
			...['--ssl-cert=client-bob/client.crt', '--ssl-key=client-bob/client.key', '-e', 'SELECT 1']
		]);
		expect(wrongUser.code).not.toBe(0);
		expect(wrongUser.stderr).toMatch(/Access denied for user 'alice'/);
		const plain = await mariadb(lab.dir, [
			...['-h', '127.0.0.1', '-P', String(LAB_PORT), '-u', 'alice', '--skip-ssl'],
			...['-e', 'SELECT 1']
		]);
		expect(plain.code).not.toBe(0);
		expect(plain.stderr).toMatch(/insecure transport are prohibited|Access denied/);
	});
});

describe(`MariaDB single-server bundle (${BUNDLES.kitMariadb})`, () => {
	let kit: Unzipped;
	let server: StartedScript | undefined;
	beforeAll(async () => {
		kit = await unzipBundle(BUNDLES.kitMariadb);
	});
	afterAll(async () => {
		await server?.stop();
		await kit?.remove();
	});

	test('bash start-mariadb.sh serves my.cnf on MARIADB_PORT; the README command logs in as the client, without a certificate is refused', async () => {
		server = startScript(kit.dir, 'bash', ['start-mariadb.sh'], { MARIADB_PORT: String(BUNDLE_PORT) });
		await server.waitForOutput(`MariaDB ready on 127.0.0.1:${BUNDLE_PORT}`, 60_000);
		const command = readmeCommand(kit.path('README.txt'), 'mariadb -h', 3306, BUNDLE_PORT);
		const result = await runReadmeCommand(kit.dir, command);
		expect(result.code, `${describeRun(result)}\n${server.output()}`).toBe(0);
		expect(result.stdout).toContain('app@%');
		const noCert = await mariadb(kit.dir, [
			'-h',
			'127.0.0.1',
			'-P',
			String(BUNDLE_PORT),
			'-u',
			'app',
			'--ssl-ca=ca.crt',
			'-e',
			'SELECT 1'
		]);
		expect(noCert.code).not.toBe(0);
		expect(noCert.stderr).toMatch(/Access denied for user 'app'/);
	});
});
