import { describe, expect, test } from 'vitest';
import { kitBundle, kitLab } from '../../../testing/kit-summaries';
import { createUsersSql } from './config';

describe('MariaDB kit', () => {
	test('my.cnf requires TLS 1.2+ and names the CA, certificate and key in the [mariadbd] group', () => {
		const cnf = kitLab('mariadb', 2, 'alice').file('config/node2/my.cnf').text;
		const options = cnf.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
		expect(options).toEqual([
			'[mariadbd]',
			'bind-address = 127.0.0.1',
			'port = 3307',
			'socket = mariadb.sock',
			'pid-file = mariadbd.pid',
			'skip-name-resolve',
			'ssl_ca = ca.crt',
			'ssl_cert = server.crt',
			'ssl_key = server.key',
			'require_secure_transport = ON',
			'tls_version = TLSv1.2,TLSv1.3'
		]);
	});

	test('every client gets an account that only its certificate opens', () => {
		expect(createUsersSql(['alice', 'bob.smith'])).toBe(
			"CREATE USER IF NOT EXISTS 'alice'@'%' REQUIRE SUBJECT '/CN=alice'; CREATE USER IF NOT EXISTS 'bob.smith'@'%' REQUIRE SUBJECT '/CN=bob.smith';"
		);
	});

	test('the lab start script installs each data directory, copies the files and starts mariadbd on LAB_BASE_PORT', () => {
		const script = kitLab('mariadb', 2, 'alice, bob').file('start-mariadb.sh');
		expect(script.executable).toBe(true);
		expect(script.text).toContain('mariadb-install-db --no-defaults --datadir="$dir" --user="$me"');
		expect(script.text).toContain('install -m 0600 "node2/server.key" "$dir/server.key"');
		expect(script.text).toContain(
			'mariadbd --defaults-file="config/node2/my.cnf" --datadir="$dir" --port="$((base + 1))" --user="$me"'
		);
		expect(script.text).toContain("REQUIRE SUBJECT '/CN=bob'");
	});

	test('the single-server bundle: my.cnf, a start script on MARIADB_PORT with the client account, and the client command', () => {
		const bundle = kitBundle('mariadb', 'app');
		expect(bundle.snippets.map((s) => s.path)).toEqual(['my.cnf', 'start-mariadb.sh']);
		expect(bundle.file('start-mariadb.sh')).toContain('port="${MARIADB_PORT:-3306}"');
		expect(bundle.file('start-mariadb.sh')).toContain('--defaults-file="my.cnf"');
		expect(bundle.file('start-mariadb.sh')).toContain("CREATE USER IF NOT EXISTS 'app'@'%' REQUIRE SUBJECT '/CN=app';");
		expect(bundle.readme).toContain(
			"mariadb -h 127.0.0.1 -P 3306 -u app --ssl-ca=ca.crt --ssl-cert=client.crt --ssl-key=client.key --ssl-verify-server-cert -e 'SELECT CURRENT_USER()'"
		);
		expect(kitLab('mariadb', 1, 'alice').snippets).toEqual([]);
	});
});
