import { isSingleServer, topClients } from '../kit-files';
import { scriptHeader } from '../lab-common';
import type { BundleSummary } from '../profile';
import { MARIADB_PORT, mariadbCnf, serverLines } from './config';
import { dataLines } from './lab';

/** The single-server bundle's start script: one mariadbd from this folder, with the client's account. */
function startScript(users: readonly string[]): string {
	return `${scriptHeader(
		'Runs mariadbd in the foreground with my.cnf from this folder: TLS required, client certificates as the login.',
		[
			`MARIADB_PORT moves the port (default ${MARIADB_PORT}); MARIADB_DATA_DIR holds the data directory (default ./data). Ctrl-C stops it.`
		]
	)}port="\${MARIADB_PORT:-${MARIADB_PORT}}"
${dataLines('MARIADB_DATA_DIR')}
dir="$data/mariadb"
${serverLines({ files: '', cnf: 'my.cnf', port: '$port', log: '', users })}
echo "MariaDB ready on 127.0.0.1:$port"
wait
`;
}

/** my.cnf and start-mariadb.sh beside the single-server bundle's certificates. */
export function mariadbSnippets(summary: BundleSummary): { path: string; text: string }[] {
	if (!isSingleServer(summary)) return [];
	return [
		{
			path: 'my.cnf',
			text: mariadbCnf({
				title: 'MariaDB server: mariadbd --defaults-file=my.cnf --datadir=<data dir> (bash start-mariadb.sh does).',
				bind: '127.0.0.1',
				port: MARIADB_PORT
			})
		},
		{ path: 'start-mariadb.sh', text: startScript(topClients(summary)) }
	];
}

const FILES = `  ca.crt                  ssl_ca: client certificates must chain to it; clients check the server by it
  server.crt, server.key  ssl_cert, ssl_key: serverAuth, the server's hosts as SANs (key mode 0600)
  client.crt, client.key  a client's certificate: clientAuth, CN = the database user`;

const client = (user: string, folder: string, port: number | string) =>
	`mariadb -h 127.0.0.1 -P ${port} -u ${user} --ssl-ca=${folder}ca.crt --ssl-cert=${folder}client.crt --ssl-key=${folder}client.key --ssl-verify-server-cert -e 'SELECT CURRENT_USER()'`;

const TAIL = `Each client's account is created REQUIRE SUBJECT '/CN=<user>': the certificate is the login, and
without one (or with another user's) the server answers "Access denied". require_secure_transport
refuses TCP connections without TLS; tls_version allows TLS 1.2 and 1.3 only. The start script makes the
data directory with mariadb-install-db as the user who runs it and logs in over the server's socket as
that user (unix_socket authentication) to create the accounts.

The CA private key is not in this zip. Keys are mode 0600; restore with chmod 600 if your unzip tool dropped it.
`;

/** README.txt of a MariaDB bundle or lab. */
export function mariadbReadme(summary: BundleSummary): string {
	const title = `MariaDB certificates issued by "${summary.caName}"\n${'='.repeat(60)}\n`;
	if (isSingleServer(summary)) {
		const user = topClients(summary)[0];
		return `${title}
${FILES}
  my.cnf                  the server's option file: [mariadbd] ssl_ca, ssl_cert, ssl_key, require_secure_transport
  start-mariadb.sh        makes the data directory, starts mariadbd in the foreground, creates the account

Start the server in this folder (MARIADB_PORT moves the port, default ${MARIADB_PORT}; MARIADB_DATA_DIR the data):

  bash start-mariadb.sh

Connect from another terminal in this folder${user ? '' : ' (issue a client certificate into this folder first)'}:

  ${client(user ?? '<user>', '', MARIADB_PORT)}

${TAIL}`;
	}
	const nodes = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'server')).map((f) => f.folder);
	const clients = summary.folders.flatMap((f) =>
		f.leaves.filter((l) => l.kindId === 'client').map((l) => ({ user: l.commonName, folder: f.folder }))
	);
	const first = clients[0];
	return `${title}
Servers: ${nodes.join(', ')} (each a MariaDB server of its own, config/<node>/my.cnf)
Clients: ${clients.map((c) => c.folder).join(', ') || 'none'}

${FILES}

Every host on this machine: start-mariadb.sh starts every server in the foreground (LAB_BASE_PORT: node i
listens on base + i - 1, default ${MARIADB_PORT}; data and logs in LAB_DATA_DIR, default ./data). In this folder:

  ./start-mariadb.sh

Connect from another terminal in this folder:

  ${client(first?.user ?? '<user>', `${first?.folder ?? 'client-<user>'}/`, MARIADB_PORT)}

${TAIL}`;
}
