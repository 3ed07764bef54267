import type { KitServer } from '../server-kit';

const CONF = 'https://mosquitto.org/man/mosquitto-conf-5.html';

/**
 * mosquitto.conf for one server folder. Mosquitto reads each value to the end of its line (no
 * quoting), so only fixed file names and the checked bind address appear here; file names are
 * relative to the directory mosquitto runs in (the start script's run folder).
 */
export function mosquittoConf(server: KitServer): string {
	return [
		`# Mosquitto: MQTT over TLS on ${server.bind} port ${server.port}, requiring a client certificate from ca.crt.`,
		'# Run in this folder: mosquitto -c mosquitto.conf   (https://mosquitto.org/man/mosquitto-8.html)',
		'',
		`# ${CONF} (persistence, log_dest): keep nothing on disk, log to stderr.`,
		'persistence false',
		'log_dest stderr',
		'',
		`# ${CONF} (listener): the only listener, so nothing listens without TLS.`,
		`listener ${server.port} ${server.bind}`,
		`# ${CONF} (cafile, certfile, keyfile): the CA clients must chain to, the broker's chain and key.`,
		'cafile ca.crt',
		'certfile server.crt',
		'keyfile server.key',
		`# ${CONF} (tls_version): the lowest TLS version accepted.`,
		'tls_version tlsv1.2',
		`# ${CONF} (require_certificate): a client without a valid certificate fails the handshake.`,
		'require_certificate true',
		`# ${CONF} (use_identity_as_username): the certificate's CN is the client's user name, so a client`,
		'# with a certificate is authenticated without a password file.',
		'use_identity_as_username true',
		`# ${CONF} (allow_anonymous), and https://mosquitto.org/documentation/migrating-to-2-0/: no client`,
		'# without an identity; the default since 2.0, stated so a 1.x broker behaves the same.',
		'allow_anonymous false',
		''
	].join('\n');
}
