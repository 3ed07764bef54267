import type { KitServer } from '../server-kit';

const MANUAL = 'https://docs.haproxy.org/2.6/configuration.html';

/** The environment variable the bind line reads its port from (manual §2.3), set by the start script. */
export const HAPROXY_PORT_VARIABLE = 'LISTEN_PORT';

/**
 * haproxy.cfg for one server folder: an HTTP frontend that answers itself, so the kit needs no
 * backend. File names are relative to the directory HAProxy runs in (the start script's run folder).
 * An OCSP response saved as server.pem.ocsp beside server.pem is stapled with no line here (§5.1 crt).
 */
export function haproxyCfg(server: KitServer): string {
	const address = server.bind.includes(':') ? `[${server.bind}]` : server.bind;
	return [
		`# HAProxy: mutual TLS on ${address}:${server.port} (or $${HAPROXY_PORT_VARIABLE}), requiring a client certificate from ca.crt.`,
		'# Run in this folder: haproxy -db -f haproxy.cfg   Check: haproxy -c -f haproxy.cfg',
		'# (https://docs.haproxy.org/2.6/management.html, "1. Starting HAProxy": -db stays in the foreground)',
		'',
		'global',
		`    # ${MANUAL}#3.1-log: to stderr, which the start script keeps in the run folder's log.`,
		'    log stderr format raw local0',
		'',
		'defaults',
		`    # ${MANUAL}#4.2-mode, #4.2-log, #4.2-timeout%20client and friends`,
		'    mode http',
		'    log global',
		'    timeout connect 5s',
		'    timeout client 30s',
		'    timeout server 30s',
		'',
		'frontend mtls',
		`    # ${MANUAL}#2.3: "\${NAME-default}" reads the environment, the default when it is unset.`,
		`    # ${MANUAL}#5.1-crt: server.pem holds the chain (leaf first) and then the private key.`,
		`    # ${MANUAL}#5.1-ca-file: the CA that client certificates must chain to.`,
		`    # ${MANUAL}#5.1-verify: "required" refuses the handshake without a valid client certificate.`,
		`    # ${MANUAL}#5.1-ssl-min-ver: TLS 1.2 or newer only.`,
		`    bind "${address}:\${${HAPROXY_PORT_VARIABLE}-${server.port}}" ssl crt "server.pem" ca-file "ca.crt" verify required ssl-min-ver TLSv1.2`,
		`    # ${MANUAL}#4.2-http-request%20return: answer with the client certificate's subject.`,
		'    http-request return status 200 content-type text/plain lf-string "hello %[ssl_c_s_dn]\\n"',
		''
	].join('\n');
}
