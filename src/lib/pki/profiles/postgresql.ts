import { parseHosts } from '../names';
import { singleUser } from './lab-common';
import { defineProfile, subjectOf } from './profile';

/**
 * PostgreSQL with client-certificate authentication, per the PostgreSQL documentation,
 * "Secure TCP/IP Connections with SSL" (§19.9 in v16: server.crt, server.key, root.crt as
 * ssl_ca_file; "cert" authentication in pg_hba.conf) and libpq "SSL Support" (§34.19: the client
 * reads ~/.postgresql/postgresql.crt, postgresql.key and root.crt; sslmode=verify-full checks the
 * server's name against its certificate).
 */

export const postgresql = defineProfile({
	id: 'postgresql',
	label: 'PostgreSQL (client certificates)',
	source: 'https://www.postgresql.org/docs/current/ssl-tcp.html',
	defaults: { caDays: 3650, leafDays: 825 },
	// ssl_ca_file and libpq's sslrootcert default name (§19.9.3, §34.19.1).
	caFiles: { ca: 'root.crt' },
	caPlacement: 'each-folder',
	formats: ['pem'],
	kinds: {
		server: {
			id: 'server',
			label: 'Issue server.crt / server.key',
			purpose: 'serverAuth: the server presents it; verify-full clients check the host they typed against its SANs.',
			selected: true,
			fields: [
				{
					id: 'pgHosts',
					label: 'Server hosts: DNS names and IP addresses clients connect to',
					default: 'localhost, 127.0.0.1',
					multiline: true
				}
			],
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const sans = parseHosts(input.pgHosts ?? '', 'pgHosts');
				return {
					subject: subjectOf(sans[0]?.value ?? 'postgres'),
					sans,
					files: { cert: 'server.crt', key: 'server.key' }
				};
			}
		},
		client: {
			id: 'client',
			label: 'Issue postgresql.crt / postgresql.key',
			purpose: 'CN=<role>, clientAuth: with "cert" authentication the CN must equal the database user (§20.12).',
			selected: true,
			fields: [
				{
					id: 'pgUser',
					label: 'Database user (one: libpq reads one postgresql.crt per ~/.postgresql)',
					default: 'postgres'
				}
			],
			// "The cn (Common Name) attribute of the certificate will be compared to the requested
			// database user name" (Client Authentication, "Certificate Authentication").
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const user = singleUser(
					input.pgUser ?? '',
					'pgUser',
					'libpq reads one postgresql.crt per ~/.postgresql; the lab makes a folder per user.'
				);
				return { subject: subjectOf(user), sans: [], files: { cert: 'postgresql.crt', key: 'postgresql.key' } };
			}
		}
	},
	lab: {
		nodeKinds: ['server'],
		clientKind: 'client',
		// libpq reads fixed names (postgresql.crt) from ~/.postgresql: one folder per user.
		clientFolders: 'per-user',
		defaultUsers: 'postgres',
		usersLabel: 'database roles, one client-<role>/ folder each (CN = the role)'
	}
});
