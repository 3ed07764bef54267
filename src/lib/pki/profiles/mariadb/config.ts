import { KIT_FILES } from '../kit-files';

/** The MariaDB port (https://mariadb.com/kb/en/server-system-variables/#port, default 3306). */
export const MARIADB_PORT = 3306;

/** The server's socket in its data directory: the start script's admin session uses it (OS account, unix_socket auth). */
export const MARIADB_SOCKET = 'mariadb.sock';

/**
 * The option file of one server, read with mariadbd --defaults-file. mariadbd reads relative
 * ssl_* paths from its data directory (it changes into it first), so the start scripts copy the
 * CA, certificate and key there on every start and these names stay relative.
 */
export function mariadbCnf(options: { title: string; bind: string; port: number }): string {
	return `# ${options.title}
# Relative paths are read from the data directory (--datadir): the start script copies ${KIT_FILES.ca},
# ${KIT_FILES.cert} and ${KIT_FILES.key} there before it starts mariadbd.
# Option groups: https://mariadb.com/kb/en/configuring-mariadb-with-option-files/
[mariadbd]
# https://mariadb.com/kb/en/server-system-variables/#bind_address
bind-address = ${options.bind}
# https://mariadb.com/kb/en/server-system-variables/#port (the start script's --port overrides it)
port = ${options.port}
# https://mariadb.com/kb/en/server-system-variables/#socket and #pid_file, inside the data directory
socket = ${MARIADB_SOCKET}
pid-file = mariadbd.pid
# Accounts name hosts by address, no DNS lookups: https://mariadb.com/kb/en/server-system-variables/#skip_name_resolve
skip-name-resolve

# https://mariadb.com/kb/en/ssltls-system-variables/ (ssl_ca, ssl_cert, ssl_key)
# The CA client certificates must chain to:
ssl_ca = ${KIT_FILES.ca}
# The server's certificate and key:
ssl_cert = ${KIT_FILES.cert}
ssl_key = ${KIT_FILES.key}
# Refuse every TCP connection that is not TLS:
# https://mariadb.com/kb/en/server-system-variables/#require_secure_transport
require_secure_transport = ON
# TLS 1.2 or newer only: https://mariadb.com/kb/en/ssltls-system-variables/#tls_version
tls_version = TLSv1.2,TLSv1.3

# Client certificates are the login: each account is created
#   CREATE USER '<name>'@'%' REQUIRE SUBJECT '/CN=<name>';
# (https://mariadb.com/kb/en/securing-connections-for-client-and-server/#requiring-tls, and
# https://mariadb.com/kb/en/create-user/#tls-options: REQUIRE SUBJECT implies a valid X509 certificate).
`;
}

/** The SQL that creates each client's account; the names passed plainUser, so they need no escaping. */
export function createUsersSql(users: readonly string[]): string {
	return users.map((u) => `CREATE USER IF NOT EXISTS '${u}'@'%' REQUIRE SUBJECT '/CN=${u}';`).join(' ');
}

/**
 * The shell lines that prepare and start one server in the background ($me: the OS user; $dir: its
 * data directory), then create the accounts over the socket once it answers.
 */
export function serverLines(o: {
	files: string;
	cnf: string;
	port: string;
	log: string;
	users: readonly string[];
}): string {
	const at = (file: string) => (o.files === '' ? file : `${o.files}/${file}`);
	const admin = `mariadb --no-defaults --socket="$dir/${MARIADB_SOCKET}" -u "$me"`;
	return [
		'if [ ! -d "$dir/mysql" ]; then',
		// https://mariadb.com/kb/en/mariadb-install-db/: --user owns the files and gets a unix_socket account.
		'  mariadb-install-db --no-defaults --datadir="$dir" --user="$me" --auth-root-authentication-method=socket --skip-test-db >"$dir.install.log" 2>&1',
		'fi',
		`install -m 0644 "${at(KIT_FILES.ca)}" "${at(KIT_FILES.cert)}" "$dir/"`,
		`install -m 0600 "${at(KIT_FILES.key)}" "$dir/${KIT_FILES.key}"`,
		`mariadbd --defaults-file="${o.cnf}" --datadir="$dir" --port="${o.port}" --user="$me" ${o.log}&`,
		'pid=$!',
		'for _ in $(seq 1 120); do',
		`  ${admin} -e 'SELECT 1' >/dev/null 2>&1 && break`,
		'  kill -0 "$pid" 2>/dev/null || { echo "mariadbd stopped; see its log" >&2; exit 1; }',
		'  sleep 0.5',
		'done',
		o.users.length > 0 ? `${admin} -e "${createUsersSql(o.users)}"` : ''
	]
		.filter(Boolean)
		.join('\n');
}
