import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { startPostgres, type PostgresServer } from './support/postgres';
import { describeRun } from './support/run';

// PostgreSQL from the lab zip: node1's server.crt, server.key and root.crt as ssl_cert_file,
// ssl_key_file and ssl_ca_file, "hostssl all all 127.0.0.1/32 cert" (PostgreSQL docs, "Secure
// TCP/IP Connections with SSL" and "Certificate Authentication"). Clients use their client-<user>/
// folder as libpq's ~/.postgresql files (libpq "SSL Support"), with sslmode=verify-full so the
// server's SANs are checked against the host.

describe(`PostgreSQL lab (${BUNDLES.labPostgresql})`, () => {
	let lab: Unzipped;
	let server: PostgresServer;
	beforeAll(async () => {
		lab = await unzipBundle(BUNDLES.labPostgresql);
		server = await startPostgres(
			{
				cert: lab.path('node1', 'server.crt'),
				key: lab.path('node1', 'server.key'),
				ca: lab.path('node1', 'root.crt')
			},
			['alice', 'bob']
		);
	});
	afterAll(async () => {
		await server?.stop();
		await lab?.remove();
	});

	const conninfo = (folder: string, user: string, host = 'localhost') =>
		`host=${host} port=${server.port} dbname=postgres user=${user} sslmode=verify-full ` +
		`sslrootcert=${lab.path(folder, 'root.crt')} ` +
		`sslcert=${lab.path(folder, 'postgresql.crt')} ` +
		`sslkey=${lab.path(folder, 'postgresql.key')}`;

	test.each([
		['alice', 'localhost'],
		['bob', '127.0.0.1']
	])('%s logs in with its client folder over verify-full to %s', async (user, host) => {
		const result = await server.psql(
			conninfo(`client-${user}`, user, host),
			'SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'
		);
		expect(result.code, `${describeRun(result)}\n${server.log()}`).toBe(0);
		expect(result.stdout.trim()).toBe(`${user}|t`);
	});

	test("bob's certificate cannot log in as alice: the CN must be the user", async () => {
		const result = await server.psql(conninfo('client-bob', 'alice'), 'SELECT 1');
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(/certificate authentication failed for user "alice"/);
	});

	test('verify-full refuses a host the server certificate does not name', async () => {
		// hostaddr dials 127.0.0.1 while verify-full checks the name in host (libpq "Parameter Key Words").
		const result = await server.psql(
			`${conninfo('client-alice', 'alice', 'db.elsewhere.example')} hostaddr=127.0.0.1`,
			'SELECT 1'
		);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toMatch(
			/server certificate for "localhost" \(and \d+ other names?\) does not match host name "db\.elsewhere\.example"/
		);
	});
});
