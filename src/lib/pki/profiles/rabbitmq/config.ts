import { hostPort } from '../lab-common';
import { KIT_FILES } from '../kit-files';

/** The AMQPS port (https://www.rabbitmq.com/docs/networking#ports: 5671, AMQP 0-9-1 with TLS). */
export const AMQPS_PORT = 5671;
/** Erlang distribution, for CLI tools (https://www.rabbitmq.com/docs/networking#ports: 25672). */
export const DIST_PORT = 25672;

const inDir = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);

/**
 * rabbitmq.conf for one broker. The file paths are relative to the folder the broker runs in (the
 * start scripts run it from the folder the zip was unzipped into). RabbitMQ 3.10 reads no
 * environment variables in this file, so the start script writes its port into a copy.
 */
export function rabbitmqConf(options: { title: string; dir: string; bind: string; port: number }): string {
	const { dir } = options;
	return `# ${options.title}
# Every key: https://www.rabbitmq.com/docs/configure#config-items and https://www.rabbitmq.com/docs/ssl

# No plain AMQP listener: https://www.rabbitmq.com/docs/networking#single-listener
listeners.tcp = none
# The AMQPS listener (host and port): https://www.rabbitmq.com/docs/ssl#enabling-tls
listeners.ssl.default = ${hostPort(options.bind, options.port)}

# The CA that client certificates must chain to, the broker's certificate and its key
# (https://www.rabbitmq.com/docs/ssl#enabling-tls).
ssl_options.cacertfile = ${inDir(dir, KIT_FILES.ca)}
ssl_options.certfile = ${inDir(dir, KIT_FILES.cert)}
ssl_options.keyfile = ${inDir(dir, KIT_FILES.key)}
# Verify the client's certificate, and refuse a client that sends none
# (https://www.rabbitmq.com/docs/ssl#peer-verification).
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = true
# TLS 1.2 and 1.3 only (https://www.rabbitmq.com/docs/ssl#tls-versions).
ssl_options.versions.1 = tlsv1.3
ssl_options.versions.2 = tlsv1.2
`;
}

/**
 * The environment that lets the broker run as a normal user from this folder. Debian's
 * /usr/sbin/rabbitmq-server (rabbitmq-script-wrapper) changes into /var/lib/rabbitmq, runs the
 * broker as the rabbitmq user when started by root and refuses anyone else, so the scripts call
 * /usr/lib/rabbitmq/bin/rabbitmq-server, the script it wraps, with every place set
 * (https://www.rabbitmq.com/docs/relocate, "Environment Variables": RABBITMQ_CONFIG_FILE,
 * RABBITMQ_MNESIA_BASE, RABBITMQ_LOG_BASE, RABBITMQ_NODENAME, RABBITMQ_DIST_PORT,
 * RABBITMQ_ENABLED_PLUGINS_FILE, RABBITMQ_CONF_ENV_FILE). HOME holds the Erlang cookie, so the
 * broker's is in its data folder too; ERL_EPMD_ADDRESS keeps Erlang's port mapper on loopback.
 */
export function brokerLines(o: {
	dir: string;
	conf: string;
	node: string;
	port: string;
	dist: string;
	log: string;
}): string {
	return [
		`mkdir -p "${o.dir}" && chmod 700 "${o.dir}"`,
		`sed "s/^\\(listeners\\.ssl\\.default = .*:\\)[0-9]*$/\\1${o.port}/" "${o.conf}" >"${o.dir}/rabbitmq.conf"`,
		`env HOME="${o.dir}" RABBITMQ_CONF_ENV_FILE=/dev/null RABBITMQ_CONFIG_FILE="${o.dir}/rabbitmq.conf" \\`,
		`  RABBITMQ_MNESIA_BASE="${o.dir}/mnesia" RABBITMQ_LOG_BASE="${o.dir}/log" \\`,
		`  RABBITMQ_ENABLED_PLUGINS_FILE="${o.dir}/enabled_plugins" RABBITMQ_NODENAME="${o.node}" \\`,
		`  RABBITMQ_DIST_PORT="${o.dist}" ERL_EPMD_ADDRESS=127.0.0.1 \\`,
		`  "$server" ${o.log}&`
	].join('\n');
}

/** The broker script Debian's wrapper calls; RABBITMQ_SERVER overrides it. */
export const SERVER_LINE = 'server="${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}"';

/** An AMQP 0-9-1 protocol header sent over TLS: the broker answers with Connection.Start (AMQP 0-9-1 §4.2.2). */
export function amqpsProbe(folder: string, port: number | string): string {
	return `(printf 'AMQP\\000\\000\\011\\001'; sleep 2) | openssl s_client -connect 127.0.0.1:${port} -CAfile ${folder}ca.crt -cert ${folder}client.crt -key ${folder}client.key -verify_return_error -quiet 2>/dev/null | tr -c '[:print:]' '.'`;
}
