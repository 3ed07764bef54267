import { kitProfile } from '../kit-files';

/**
 * MariaDB with TLS required and client certificates as the login, per the MariaDB Knowledge Base,
 * "Securing Connections for Client and Server"
 * (https://mariadb.com/kb/en/securing-connections-for-client-and-server/): ssl_ca, ssl_cert and
 * ssl_key on the server, require_secure_transport, and accounts created REQUIRE SUBJECT, which
 * admits only a client certificate that chains to ssl_ca and carries that subject.
 */

export const MARIADB_FIELDS = { hosts: 'mariadbHosts', user: 'mariadbUser' };

export const mariadb = kitProfile({
	id: 'mariadb',
	label: 'MariaDB (REQUIRE SUBJECT users)',
	source: 'https://mariadb.com/kb/en/securing-connections-for-client-and-server/',
	fields: MARIADB_FIELDS,
	serverPurpose:
		'serverAuth: the server presents it; mariadb --ssl-verify-server-cert checks the host against its SANs.',
	clientPurpose:
		"CN=<user>, clientAuth: the account is created REQUIRE SUBJECT '/CN=<user>', so only this certificate logs in as it.",
	clientLabel: 'Database user (CN of the client certificate)',
	defaultUser: 'app',
	lintTargets: [{ id: 'mariadb-client', label: 'MariaDB client (REQUIRE SUBJECT account)' }]
});
