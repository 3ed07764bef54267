import { mutualTlsProfile } from '../mutual-tls';

/**
 * PostgreSQL with client-certificate authentication, per the PostgreSQL documentation,
 * "Secure TCP/IP Connections with SSL" (§19.9 in v16: server.crt, server.key, root.crt as
 * ssl_ca_file; "cert" authentication in pg_hba.conf) and libpq "SSL Support" (§34.19: the client
 * reads ~/.postgresql/postgresql.crt, postgresql.key and root.crt; sslmode=verify-full checks the
 * server's name against its certificate).
 */

export const POSTGRESQL_FIELDS = { hosts: 'pgHosts', user: 'pgUser' };

export const postgresql = mutualTlsProfile({
	id: 'postgresql',
	label: 'PostgreSQL (client certificates)',
	source: 'https://www.postgresql.org/docs/current/ssl-tcp.html',
	defaults: { caDays: 3650, leafDays: 825 },
	// ssl_ca_file and libpq's sslrootcert default name (§19.9.3, §34.19.1).
	caFile: 'root.crt',
	fields: POSTGRESQL_FIELDS,
	server: {
		purpose: 'serverAuth: the server presents it; verify-full clients check the host they typed against its SANs.',
		hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to',
		fallbackCn: 'postgres'
	},
	// "The cn (Common Name) attribute of the certificate will be compared to the requested
	// database user name" (Client Authentication, "Certificate Authentication").
	client: {
		purpose: 'CN=<role>, clientAuth: with "cert" authentication the CN must equal the database user (§20.12).',
		userLabel: 'Database user (one: libpq reads one postgresql.crt per ~/.postgresql)',
		defaultUser: 'postgres',
		files: { cert: 'postgresql.crt', key: 'postgresql.key' },
		oneUser: 'libpq reads one postgresql.crt per ~/.postgresql; the lab makes a folder per user.'
	},
	usersLabel: 'database roles, one client-<role>/ folder each (CN = the role)'
});
