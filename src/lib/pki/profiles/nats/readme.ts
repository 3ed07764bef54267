import { isSingleServer, topClients } from '../kit-files';
import type { BundleSummary } from '../profile';
import { NATS_PING_PY, NATS_PORT, natsConf } from './config';
import { scriptHeader } from '../lab-common';

/** The single-server bundle's start script: nats-server in the foreground with nats.conf from this folder. */
function startScript(): string {
	return `${scriptHeader(
		'Runs nats-server in the foreground with nats.conf from this folder: mutual TLS on 127.0.0.1.',
		[`NATS_PORT moves the client port (default ${NATS_PORT}). Ctrl-C stops it.`]
	)}port="\${NATS_PORT:-${NATS_PORT}}"
exec nats-server -c nats.conf -p "$port"
`;
}

/** nats.conf, start-nats.sh and nats-ping.py beside the single-server bundle's certificates. */
export function natsSnippets(summary: BundleSummary): { path: string; text: string }[] {
	if (!isSingleServer(summary)) return [];
	return [
		{
			path: 'nats.conf',
			text: natsConf({
				title: 'NATS server: run nats-server -c nats.conf from this folder (bash start-nats.sh does).',
				dir: '',
				bind: '127.0.0.1',
				port: NATS_PORT,
				note: 'To serve other machines, listen on 0.0.0.0 (the hosts they dial must be in server.crt).'
			})
		},
		{ path: 'start-nats.sh', text: startScript() },
		{ path: 'nats-ping.py', text: NATS_PING_PY }
	];
}

const FILES = `  ca.crt                  ca_file: client certificates must chain to it; clients trust the server by it
  server.crt, server.key  cert_file, key_file: serverAuth, the server's hosts as SANs (key mode 0600)
  client.crt, client.key  a client's certificate: clientAuth, CN = the client's name
  nats-ping.py            a NATS round trip over mutual TLS, Python 3's standard library only`;

/** README.txt of a NATS bundle or lab: the files, how to start the server and how a client connects. */
export function natsReadme(summary: BundleSummary): string {
	const title = `NATS certificates issued by "${summary.caName}"\n${'='.repeat(60)}\n`;
	const tail = `NATS sends its INFO line in plain text and starts TLS after it, so openssl s_client cannot connect
to it (it answers "wrong version number"); nats-ping.py, or any NATS client given the three files, can.
Without a client certificate nats-server ends the handshake ("client didn't provide a certificate").
Versions below TLS 1.2 are refused.

The CA private key is not in this zip. Keys are mode 0600; restore with chmod 600 if your unzip tool dropped it.
`;
	if (isSingleServer(summary)) {
		const client = topClients(summary)[0];
		return `${title}
${FILES}
  nats.conf               the server's configuration: tls { cert_file, key_file, ca_file, verify: true }
  start-nats.sh           runs nats-server in the foreground with nats.conf, on 127.0.0.1

Start the server in this folder (NATS_PORT moves the port, default ${NATS_PORT}):

  nats-server -t -c nats.conf      checks the configuration
  bash start-nats.sh

Connect from another terminal in this folder${client ? ` as ${client}` : ' (issue a client certificate into this folder first)'}:

  python3 nats-ping.py 127.0.0.1 ${NATS_PORT} .      prints PONG

${tail}`;
	}
	const nodes = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'server')).map((f) => f.folder);
	const clients = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'client')).map((f) => f.folder);
	return `${title}
Servers: ${nodes.join(', ')} (each a NATS server of its own, config/<node>/nats.conf)
Clients: ${clients.join(', ') || 'none'}

${FILES}

Every host on this machine: start-nats.sh starts every server in the foreground (LAB_BASE_PORT: node i
listens on base + i - 1, default ${NATS_PORT}; logs in LAB_DATA_DIR, default ./data). In this folder:

  nats-server -t -c config/${nodes[0] ?? 'node1'}/nats.conf      checks a configuration
  ./start-nats.sh

Connect from another terminal in this folder:

  python3 nats-ping.py 127.0.0.1 ${NATS_PORT} ${clients[0] ?? 'client-<name>'}      prints PONG

${tail}`;
}
