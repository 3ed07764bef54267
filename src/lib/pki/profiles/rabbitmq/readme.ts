import { isSingleServer, topClients } from '../kit-files';
import { scriptHeader } from '../lab-common';
import type { BundleSummary } from '../profile';
import { AMQPS_PORT, DIST_PORT, SERVER_LINE, amqpsProbe, brokerLines, rabbitmqConf } from './config';

/** The single-server bundle's start script: one broker from this folder, as the user who runs it. */
function startScript(): string {
	return `${scriptHeader(
		'Runs a RabbitMQ broker in the foreground with rabbitmq.conf from this folder, as the user who runs it.',
		[
			`RABBITMQ_PORT moves the AMQPS port (default ${AMQPS_PORT}), RABBITMQ_DIST_PORT the Erlang distribution port (default ${DIST_PORT}),`,
			'ERL_EPMD_PORT Erlang\u2019s port mapper (default 4369); RABBITMQ_DATA_DIR holds data, logs and cookie (default ./data). Ctrl-C stops it.'
		]
	)}port="\${RABBITMQ_PORT:-${AMQPS_PORT}}"
dist_port="\${RABBITMQ_DIST_PORT:-${DIST_PORT}}"
data="\${RABBITMQ_DATA_DIR:-./data}"
${SERVER_LINE}
mkdir -p "$data" && chmod 700 "$data"
data="$(cd "$data" && pwd)"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM
${brokerLines({ dir: '$data/broker', conf: 'rabbitmq.conf', node: 'rabbit-kit@localhost', port: '$port', dist: '$dist_port', log: '' })}
wait
`;
}

/** rabbitmq.conf and start-rabbitmq.sh beside the single-server bundle's certificates. */
export function rabbitmqSnippets(summary: BundleSummary): { path: string; text: string }[] {
	if (!isSingleServer(summary)) return [];
	return [
		{
			path: 'rabbitmq.conf',
			text: rabbitmqConf({
				title: 'RabbitMQ broker: paths are relative to this folder (bash start-rabbitmq.sh runs the broker here).',
				dir: '',
				bind: '127.0.0.1',
				port: AMQPS_PORT
			})
		},
		{ path: 'start-rabbitmq.sh', text: startScript() }
	];
}

const FILES = `  ca.crt                  ssl_options.cacertfile: client certificates must chain to it; clients check the broker by it
  server.crt, server.key  ssl_options.certfile, keyfile: serverAuth, the broker's hosts as SANs (key mode 0600)
  client.crt, client.key  a client's certificate: clientAuth, CN = the client's name`;

const TAIL = `The broker answers the AMQP 0-9-1 header with Connection.Start (its capabilities, "RabbitMQ",
the mechanisms "AMQPLAIN PLAIN"). Without a client certificate it ends the handshake (openssl says
"certificate required"); ssl_options.versions allow TLS 1.2 and 1.3 only. An AMQP client library
(pika, amqp091-go, the Java client) takes the same three files; to log in by certificate instead of
a password, enable rabbitmq_auth_mechanism_ssl (https://www.rabbitmq.com/docs/ssl#peer-verification).

Debian's /usr/sbin/rabbitmq-server changes into /var/lib/rabbitmq and runs the broker as the rabbitmq
user (it refuses other users), which cannot read this folder: the start script calls the broker script
it wraps, /usr/lib/rabbitmq/bin/rabbitmq-server (RABBITMQ_SERVER overrides it), with RABBITMQ_CONFIG_FILE,
RABBITMQ_MNESIA_BASE, RABBITMQ_LOG_BASE, RABBITMQ_NODENAME and RABBITMQ_DIST_PORT in this folder.
Erlang's port mapper (epmd) stays running after the broker stops: epmd -kill ends it.

The CA private key is not in this zip. Keys are mode 0600; restore with chmod 600 if your unzip tool dropped it.
`;

/** README.txt of a RabbitMQ bundle or lab. */
export function rabbitmqReadme(summary: BundleSummary): string {
	const title = `RabbitMQ certificates issued by "${summary.caName}"\n${'='.repeat(60)}\n`;
	if (isSingleServer(summary)) {
		const client = topClients(summary)[0];
		return `${title}
${FILES}
  rabbitmq.conf           listeners.ssl.default, ssl_options (verify_peer, fail_if_no_peer_cert, TLS 1.2+)
  start-rabbitmq.sh       runs the broker in the foreground from this folder, on 127.0.0.1

Start the broker in this folder (RABBITMQ_PORT moves the AMQPS port, default ${AMQPS_PORT}; RABBITMQ_DIST_PORT
and ERL_EPMD_PORT the Erlang ports); it is ready when it prints "Starting broker... completed":

  bash start-rabbitmq.sh

Connect from another terminal in this folder${client ? '' : ' (issue a client certificate into this folder first)'}:

  ${amqpsProbe('', AMQPS_PORT)}

${TAIL}`;
	}
	const nodes = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'server')).map((f) => f.folder);
	const clients = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'client')).map((f) => f.folder);
	return `${title}
Brokers: ${nodes.join(', ')} (each a broker of its own, config/<node>/rabbitmq.conf)
Clients: ${clients.join(', ') || 'none'}

${FILES}

Every host on this machine: start-rabbitmq.sh starts every broker in the foreground (LAB_BASE_PORT: node i
takes AMQPS on base + i - 1, default ${AMQPS_PORT}; LAB_DIST_BASE_PORT its Erlang distribution port, default
${DIST_PORT}; ERL_EPMD_PORT Erlang's port mapper; data in LAB_DATA_DIR, default ./data). In this folder:

  ./start-rabbitmq.sh

Connect from another terminal in this folder, once data/<node>.log says "Starting broker... completed":

  ${amqpsProbe(`${clients[0] ?? 'client-<name>'}/`, AMQPS_PORT)}

${TAIL}`;
}
