import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { startPostgres, type PostgresServer } from './support/postgres';
import { describeRun } from './support/run';

// PostgreSQL is the closest real stand-in on this machine for a CockroachDB node:
// it serves TLS with node.crt/node.key, and pg_hba "cert" logs a client in as the CN of its
// certificate, the way CockroachDB maps client.<user>.crt to SQL user <user>.

describe(`PostgreSQL with the certs-dir (${BUNDLES.certs})`, () => {
	let bundle: Unzipped;
	let other: Unzipped;
	let pg: PostgresServer;
	beforeAll(async () => {
		bundle = await unzipBundle(BUNDLES.certs);
		other = await unzipBundle(BUNDLES.otherCa);
		pg = await startPostgres(
			{ cert: bundle.path('node.crt'), key: bundle.path('node.key'), ca: bundle.path('ca.crt') },
			['root', 'marc']
		);
	});
	afterAll(async () => {
		await pg?.stop();
		await bundle?.remove();
		await other?.remove();
	});

	/**
	 * sslmode=verify-full checks the server certificate against sslrootcert and host=localhost
	 * against its SANs (libpq "SSL Support" > "Client Verification of Server Certificates");
	 * hostaddr only picks the address to dial, so ::1 (where nothing listens) is not tried. The
	 * client key is used where unzip put it: libpq refuses a key group or others may read
	 * (libpq "SSL Support" > "Client Certificates").
	 */
	const conninfo = (user: string, client: Unzipped, rootCert = bundle.path('ca.crt')) =>
		[
			'host=localhost',
			'hostaddr=127.0.0.1',
			`port=${pg.port}`,
			`user=${user}`,
			'dbname=postgres',
			'sslmode=verify-full',
			`sslrootcert=${rootCert}`,
			`sslcert=${client.path('client.root.crt')}`,
			`sslkey=${client.path('client.root.key')}`
		].join(' ');

	test('psql logs in as root with client.root.crt (sslmode=verify-full)', async () => {
		const result = await pg.psql(conninfo('root', bundle), 'select current_user');
		expect(result.code, `${describeRun(result)}\n--- server log ---\n${pg.log()}`).toBe(0);
		expect(result.stdout.trim()).toBe('root');
	});

	test('the connection is TLS and authenticated by the client certificate', async () => {
		const result = await pg.psql(
			conninfo('root', bundle),
			'select ssl, client_dn from pg_stat_ssl where pid = pg_backend_pid()'
		);
		expect(result.code, describeRun(result)).toBe(0);
		expect(result.stdout.trim()).toMatch(/^t\|\/(O=Cockroach\/)?CN=root$/);
	});

	test('the same certificate is refused for user marc', async () => {
		const result = await pg.psql(conninfo('marc', bundle), 'select current_user');
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/certificate authentication failed for user "marc"/);
	});

	test("Other CA's client.root certificate is refused for user root", async () => {
		const result = await pg.psql(conninfo('root', other), 'select current_user');
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/unknown ca|certificate verify failed/i);
	});

	test("psql refuses the server when it trusts only Other CA's ca.crt", async () => {
		const result = await pg.psql(conninfo('root', bundle, other.path('ca.crt')), 'select current_user');
		expect(result.code, describeRun(result)).not.toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/certificate verify failed/);
	});
});
