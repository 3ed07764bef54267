import { describe, expect, test } from 'vitest';
import { kitBundle, kitLab } from '../../../testing/kit-summaries';

describe('NATS kit', () => {
	test('each lab node gets a nats.conf that requires and verifies client certificates with its own files and port', () => {
		const lab = kitLab('nats', 2, 'alice, bob');
		const conf = lab.file('config/node2/nats.conf').text;
		const settings = conf.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
		expect(settings.map((l) => l.trim())).toEqual([
			'listen: "127.0.0.1:4223"',
			'tls {',
			'cert_file: "node2/server.crt"',
			'key_file: "node2/server.key"',
			'ca_file: "node2/ca.crt"',
			'verify: true',
			'timeout: 2',
			'}'
		]);
		// nats-server 2.9 refuses min_version (its default minimum is TLS 1.2).
		expect(conf).not.toMatch(/^\s*min_version/m);
	});

	test('the lab start script runs every server with its config and a port from LAB_BASE_PORT, values quoted', () => {
		const script = kitLab('nats', 2, 'alice').file('start-nats.sh');
		expect(script.executable).toBe(true);
		expect(script.text).toContain('base="${LAB_BASE_PORT:-4222}"');
		expect(script.text).toContain('nats-server -c "config/node1/nats.conf" -p "$((base + 0))" -l "$data/node1.log" &');
		expect(script.text).toContain('nats-server -c "config/node2/nats.conf" -p "$((base + 1))" -l "$data/node2.log" &');
		expect(script.text).toMatch(/\nwait\n$/);
	});

	test('a lab on other machines has configs but no start script; the README names the servers and the client folder', () => {
		const lab = kitLab('nats', 1, 'alice');
		expect(lab.readme).toContain('Servers: node1');
		expect(lab.readme).toContain('python3 nats-ping.py 127.0.0.1 4222 client-alice');
		expect(lab.snippets).toEqual([]);
		expect(lab.files.map((f) => f.path).sort()).toEqual(['config/node1/nats.conf', 'nats-ping.py', 'start-nats.sh']);
	});

	test('the single-server bundle has nats.conf with paths in its folder, a start script on NATS_PORT and the ping client', () => {
		const bundle = kitBundle('nats');
		expect(bundle.snippets.map((s) => s.path)).toEqual(['nats.conf', 'start-nats.sh', 'nats-ping.py']);
		expect(bundle.file('nats.conf')).toContain('cert_file: "server.crt"');
		expect(bundle.file('nats.conf')).toContain('listen: "127.0.0.1:4222"');
		expect(bundle.file('start-nats.sh')).toContain('exec nats-server -c nats.conf -p "$port"');
		expect(bundle.file('start-nats.sh')).toContain('port="${NATS_PORT:-4222}"');
		expect(bundle.readme).toContain('python3 nats-ping.py 127.0.0.1 4222 .');
		// The client speaks NATS: INFO in plain text first, then TLS with the folder's client certificate.
		expect(bundle.file('nats-ping.py')).toContain('if not info.startswith(b"INFO "):');
		expect(bundle.file('nats-ping.py')).toContain(
			'context.load_cert_chain(folder / "client.crt", folder / "client.key")'
		);
		expect(bundle.file('nats-ping.py')).not.toMatch(/^#!/);
	});
});
