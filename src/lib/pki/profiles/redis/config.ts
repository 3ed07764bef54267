import type { KitServer } from '../server-kit';

const TLS = 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/';
const CONFIG = 'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/';

/**
 * redis.conf for one server folder: TLS only (port 0 closes the plain port), client certificates
 * required, nothing written to disk. File names are relative to the directory redis-server runs in.
 */
export function redisConf(server: KitServer): string {
	return [
		`# Redis: TLS only on ${server.bind} port ${server.port}, requiring a client certificate from ca.crt.`,
		'# Run in this folder: redis-server redis.conf   (a later --tls-port <port> overrides the port:',
		'# https://redis.io/docs/latest/operate/oss_and_stack/management/config/, "Passing arguments via the command line")',
		'',
		`# ${CONFIG} (bind, port, daemonize, save, appendonly)`,
		`bind ${server.bind}`,
		'port 0',
		'daemonize no',
		'save ""',
		'appendonly no',
		'',
		`# ${TLS}: tls-port, tls-cert-file, tls-key-file, tls-ca-cert-file`,
		`tls-port ${server.port}`,
		'tls-cert-file "server.crt"',
		'tls-key-file "server.key"',
		'tls-ca-cert-file "ca.crt"',
		`# ${TLS}: "tls-auth-clients yes" (the default) requires a valid client certificate; stated so no one has to know.`,
		'tls-auth-clients yes',
		`# ${CONFIG} (tls-protocols): TLS 1.2 or newer only.`,
		'tls-protocols "TLSv1.2 TLSv1.3"',
		''
	].join('\n');
}
