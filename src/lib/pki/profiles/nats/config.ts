import { hostPort } from '../lab-common';
import { KIT_FILES } from '../kit-files';

/** The NATS client port (https://docs.nats.io/running-a-nats-service/configuration, "port", default 4222). */
export const NATS_PORT = 4222;

/** Where a server's files are, relative to the folder nats-server runs in ('' for the folder itself). */
const inDir = (dir: string, file: string) => (dir === '' ? file : `${dir}/${file}`);

/**
 * nats.conf for one server. nats-server resolves these file paths against its working directory,
 * so the start scripts run it from the folder the zip was unzipped into.
 */
export function natsConf(options: { title: string; dir: string; bind: string; port: number; note?: string }): string {
	const { dir } = options;
	return `# ${options.title}
# Check it: nats-server -t -c <this file>   (run from the folder the zip was unzipped into)
${options.note ? `# ${options.note}\n` : ''}
# Client connections: host and port (https://docs.nats.io/running-a-nats-service/configuration,
# "listen"); the start script's -p flag overrides the port.
listen: "${hostPort(options.bind, options.port)}"

# https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls
tls {
  # TLS certificate file and its key: the server's certificate, its hosts as SANs.
  cert_file: "${inDir(dir, KIT_FILES.cert)}"
  key_file: "${inDir(dir, KIT_FILES.key)}"
  # The CA that client certificates must chain to.
  ca_file: "${inDir(dir, KIT_FILES.ca)}"
  # "If true, require and verify client certificates": a client without one is refused in the handshake.
  verify: true
  # TLS handshake timeout in seconds.
  timeout: 2
  # No min_version here: nats-server 2.9 (Debian 12) refuses that key, and its default minimum is
  # already TLS 1.2 (nats-server server/opts.go, GenTLSConfig: MinVersion tls.VersionTLS12); 2.10
  # and later take min_version: "1.2" with the same meaning.
}
`;
}

/**
 * A NATS round trip over mutual TLS with Python's standard library. NATS sends its INFO line in
 * plain text and starts TLS after it on the same connection ("Client Protocol", INFO and CONNECT
 * with tls_required: https://docs.nats.io/reference/reference-protocols/nats-protocol), so
 * `openssl s_client`, which sends its ClientHello first, cannot talk to it; the nats CLI
 * (github.com/nats-io/natscli) can, but Debian does not package it.
 */
export const NATS_PING_PY = `# NATS over mutual TLS: reads the server's INFO line, starts TLS with a client folder's
# certificate, sends CONNECT and PING, and prints the server's answer (PONG).
# Usage: python3 nats-ping.py <host> <port> <client folder with ca.crt, client.crt, client.key>
import socket
import ssl
import sys
from pathlib import Path

host, port, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
with socket.create_connection((host, port), timeout=10) as raw:
    info = b""
    while not info.endswith(b"\\n") and len(info) < 65536:
        chunk = raw.recv(1)
        if not chunk:
            break
        info += chunk
    if not info.startswith(b"INFO "):
        sys.exit(f"not a NATS server: {info[:60]!r}")
    context = ssl.create_default_context(cafile=str(folder / "${KIT_FILES.ca}"))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(folder / "${KIT_FILES.clientCert}", folder / "${KIT_FILES.clientKey}")
    with context.wrap_socket(raw, server_hostname=host) as tls:
        tls.sendall(b'CONNECT {"verbose":false,"pedantic":false,"tls_required":true}\\r\\nPING\\r\\n')
        reply = tls.recv(256).decode(errors="replace").strip()
print(reply)
sys.exit(0 if reply.startswith("PONG") else 1)
`;
