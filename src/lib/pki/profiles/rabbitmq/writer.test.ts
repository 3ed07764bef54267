import { describe, expect, test } from 'vitest';
import { kitBundle, kitLab } from '../../../testing/kit-summaries';

describe('RabbitMQ kit', () => {
	test('rabbitmq.conf: AMQPS only, peer verification required, TLS 1.2 and 1.3', () => {
		const conf = kitLab('rabbitmq', 2, 'alice').file('config/node2/rabbitmq.conf').text;
		const keys = conf.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
		expect(keys).toEqual([
			'listeners.tcp = none',
			'listeners.ssl.default = 127.0.0.1:5672',
			'ssl_options.cacertfile = node2/ca.crt',
			'ssl_options.certfile = node2/server.crt',
			'ssl_options.keyfile = node2/server.key',
			'ssl_options.verify = verify_peer',
			'ssl_options.fail_if_no_peer_cert = true',
			'ssl_options.versions.1 = tlsv1.3',
			'ssl_options.versions.2 = tlsv1.2'
		]);
	});

	test('the lab start script runs the broker script itself with every place in the data folder', () => {
		const script = kitLab('rabbitmq', 2, 'alice').file('start-rabbitmq.sh');
		expect(script.executable).toBe(true);
		expect(script.text).toContain('server="${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}"');
		for (const variable of [
			'RABBITMQ_CONFIG_FILE="$data/node2/rabbitmq.conf"',
			'RABBITMQ_MNESIA_BASE="$data/node2/mnesia"',
			'RABBITMQ_LOG_BASE="$data/node2/log"',
			'RABBITMQ_NODENAME="rabbit-node2@localhost"',
			'RABBITMQ_DIST_PORT="$((dist + 1))"'
		])
			expect(script.text).toContain(variable);
		// The port from LAB_BASE_PORT goes into the copy the broker reads.
		expect(script.text).toContain(
			'sed "s/^\\(listeners\\.ssl\\.default = .*:\\)[0-9]*$/\\1$((base + 1))/" "config/node2/rabbitmq.conf" >"$data/node2/rabbitmq.conf"'
		);
	});

	test('the single-server bundle: rabbitmq.conf in its folder, a start script on RABBITMQ_PORT, and the AMQPS probe', () => {
		const bundle = kitBundle('rabbitmq');
		expect(bundle.snippets.map((s) => s.path)).toEqual(['rabbitmq.conf', 'start-rabbitmq.sh']);
		expect(bundle.file('rabbitmq.conf')).toContain('ssl_options.certfile = server.crt');
		expect(bundle.file('start-rabbitmq.sh')).toContain('port="${RABBITMQ_PORT:-5671}"');
		expect(bundle.readme).toContain(
			"(printf 'AMQP\\000\\000\\011\\001'; sleep 2) | openssl s_client -connect 127.0.0.1:5671 -CAfile ca.crt -cert client.crt -key client.key"
		);
		expect(kitLab('rabbitmq', 1, 'alice').snippets).toEqual([]);
	});
});
