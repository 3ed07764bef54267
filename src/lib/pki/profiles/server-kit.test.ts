import { describe, expect, test } from 'vitest';
import type { BundleSummary } from './profile';
import { kitFiles, kitServers, type ServerKit } from './server-kit';
import { writer as haproxyWriter, HAPROXY_KIT } from './haproxy/writer';
import { writer as mosquittoWriter, MOSQUITTO_KIT } from './mosquitto/writer';
import { nginxConf } from './nginx/config';
import { writer as nginxWriter, NGINX_KIT } from './nginx/writer';
import { writer as redisWriter, REDIS_KIT } from './redis/writer';

const server = (sans: string[], cert = 'server.crt') => ({
	kindId: 'server',
	files: { cert, key: 'server.key' },
	commonName: 'localhost',
	sans
});
const client = { kindId: 'client', files: { cert: 'client.crt', key: 'client.key' }, commonName: 'alice', sans: [] };
const LOCAL = ['DNS:localhost', 'IP:127.0.0.1'];

/** A 3-node lab on this machine, as summarize() makes it: node folders, then a client folder. */
const lab: BundleSummary = {
	caName: 'Lab CA',
	format: 'pem',
	roles: [],
	folders: [
		...[1, 2, 3].map((i) => ({ folder: `node${i}`, leaves: [server(LOCAL)] })),
		{ folder: 'client-alice', leaves: [client] }
	]
};
/** The single-server form: everything in the top folder. */
const single: BundleSummary = { ...lab, folders: [{ folder: '', leaves: [server(LOCAL), client] }] };
/** Nodes on other machines: each binds its IP (or every interface) on the kit's port, and no start script. */
const remote: BundleSummary = {
	...lab,
	folders: [
		{ folder: 'node1', leaves: [server(['DNS:mq1.example.com', 'IP:10.0.0.11'])] },
		{ folder: 'node2', leaves: [server(['DNS:mq2.example.com'])] },
		{ folder: 'client-alice', leaves: [client] }
	]
};

const KITS: [string, ServerKit, typeof nginxWriter][] = [
	['nginx', NGINX_KIT, nginxWriter],
	['haproxy', HAPROXY_KIT, haproxyWriter],
	['redis', REDIS_KIT, redisWriter],
	['mosquitto', MOSQUITTO_KIT, mosquittoWriter]
];

describe.each(KITS)('%s kit files', (id, kit, writer) => {
	const script = `start-${id}.sh`;

	test('a local lab: a config per node folder on its own port, one executable start script', () => {
		const files = writer.snippets?.(lab) ?? [];
		expect(files.map((f) => [f.path, f.executable ?? false])).toEqual([
			[`node1/${kit.configFile}`, false],
			[`node2/${kit.configFile}`, false],
			[`node3/${kit.configFile}`, false],
			[script, true]
		]);
		expect(kitServers(kit, lab).map((s) => [s.bind, s.port])).toEqual([
			['127.0.0.1', kit.defaultPort],
			['127.0.0.1', kit.defaultPort + 1],
			['127.0.0.1', kit.defaultPort + 2]
		]);
		const text = files.find((f) => f.path === script)?.text ?? '';
		expect(text).toMatch(/^#!\/usr\/bin\/env bash\n/);
		expect(text).toContain(`base="\${LAB_BASE_PORT:-${kit.defaultPort}}"`);
		for (const [k, node] of ['node1', 'node2', 'node3'].entries())
			expect(text).toContain(`serve "${node}" "$((base + ${k}))" "${node}"`);
		// Keys are copied into the run folder with mode 0600, never with cp's umask.
		for (const secret of kit.reads.secret) expect(text).toContain(`install -m 0600 "$folder/${secret}"`);
		expect(text).toContain('client-alice/ca.crt');
		expect(text).toMatch(/\nwait\n$/);
	});

	test('a single-server bundle: the config and start script at the top, client commands without a folder', () => {
		const files = writer.snippets?.(single) ?? [];
		expect(files.map((f) => f.path)).toEqual([kit.configFile, script]);
		expect(files[1]?.text).toContain('serve "." "$((base + 0))" "server"');
		const readme = writer.readme(single);
		expect(readme).toContain(`./${script}`);
		expect(readme).toContain(`this folder on 127.0.0.1:${kit.defaultPort}`);
		for (const command of kit.clientCommands('', 'localhost', kit.defaultPort)) expect(readme).toContain(command);
		expect(readme).toContain('--cert client.crt --key client.key');
	});

	test('servers on other machines: their IP or every interface, the same port, and no start script', () => {
		const files = kitFiles(kit, remote);
		expect(files.map((f) => f.path)).toEqual([`node1/${kit.configFile}`, `node2/${kit.configFile}`]);
		expect(kitServers(kit, remote).map((s) => [s.bind, s.port, s.host])).toEqual([
			['10.0.0.11', kit.defaultPort, 'mq1.example.com'],
			['0.0.0.0', kit.defaultPort, 'mq2.example.com']
		]);
		expect(writer.readme(remote)).not.toContain(`./${script}`);
		expect(writer.readme(remote)).toContain(`client-alice/client.crt`);
	});

	test('no server certificate: no config and no script', () => {
		const clientOnly: BundleSummary = { ...single, folders: [{ folder: '', leaves: [client] }] };
		expect(writer.snippets?.(clientOnly)).toEqual([]);
	});
});

describe('each config requires a client certificate and TLS 1.2 or newer, citing the server docs', () => {
	const [first] = kitServers(NGINX_KIT, single);
	if (!first) throw new Error('no server');

	test('nginx.conf: foreground, runtime files under the prefix, ssl_verify_client on', () => {
		const conf = nginxConf(first);
		for (const line of [
			'daemon off;',
			'pid nginx.pid;',
			'error_log stderr notice;',
			'access_log access.log;',
			'client_body_temp_path client_body_temp;',
			'listen 127.0.0.1:8443 ssl;',
			'ssl_certificate "server.crt";',
			'ssl_certificate_key "server.key";',
			'ssl_protocols TLSv1.2 TLSv1.3;',
			'ssl_client_certificate "ca.crt";',
			'ssl_verify_client on;'
		])
			expect(conf).toContain(line);
		expect(conf).toContain('ngx_http_ssl_module.html#ssl_verify_client');
		expect(conf).not.toContain('ssl_stapling');
		// The one listen line the start script's sed rewrites.
		expect(conf.match(/^ *listen .*:\d+ ssl;$/gm)).toHaveLength(1);
	});

	test('nginx.conf staples an OCSP response file when one is named', () => {
		const conf = nginxConf(first, { ocspResponse: 'server.ocsp' });
		expect(conf).toContain('ssl_stapling on;');
		expect(conf).toContain('ssl_stapling_file "server.ocsp";');
	});

	test('haproxy.cfg: crt with the key in server.pem, ca-file, verify required, ssl-min-ver, port from LISTEN_PORT', () => {
		const cfg = HAPROXY_KIT.config(first);
		expect(cfg).toContain(
			'bind "127.0.0.1:${LISTEN_PORT-8443}" ssl crt "server.pem" ca-file "ca.crt" verify required ssl-min-ver TLSv1.2'
		);
		expect(cfg).toContain('docs.haproxy.org/2.6/configuration.html#5.1-verify');
	});

	test('haproxy.cfg brackets an IPv6 bind address', () => {
		expect(HAPROXY_KIT.config({ ...first, bind: '::1' })).toContain('bind "[::1]:${LISTEN_PORT-8443}"');
	});

	test('redis.conf: TLS only, tls-auth-clients yes, TLS 1.2+', () => {
		const conf = REDIS_KIT.config({ ...first, port: 6379 });
		for (const line of [
			'port 0',
			'tls-port 6379',
			'tls-cert-file "server.crt"',
			'tls-key-file "server.key"',
			'tls-ca-cert-file "ca.crt"',
			'tls-auth-clients yes',
			'tls-protocols "TLSv1.2 TLSv1.3"'
		])
			expect(conf.split('\n')).toContain(line);
		expect(conf).toContain('management/security/encryption/');
	});

	test('mosquitto.conf: one TLS listener, require_certificate, the CN as user name, no anonymous clients', () => {
		const conf = MOSQUITTO_KIT.config({ ...first, port: 8883 });
		for (const line of [
			'listener 8883 127.0.0.1',
			'cafile ca.crt',
			'certfile server.crt',
			'keyfile server.key',
			'tls_version tlsv1.2',
			'require_certificate true',
			'use_identity_as_username true',
			'allow_anonymous false'
		])
			expect(conf.split('\n')).toContain(line);
		expect(conf.match(/^listener /gm)).toHaveLength(1);
		expect(conf).toContain('mosquitto.org/man/mosquitto-conf-5.html');
	});
});
