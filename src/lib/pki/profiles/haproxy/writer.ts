import type { ProfileWriter } from '../profile';
import { curlCommands, kitWriter, type ServerKit } from '../server-kit';
import { HAPROXY_PORT_VARIABLE, haproxyCfg } from './config';

export const HAPROXY_KIT: ServerKit = {
	program: 'HAProxy',
	configFile: 'haproxy.cfg',
	defaultPort: 9443,
	reads: { public: ['ca.crt'], secret: ['server.pem'] },
	config: haproxyCfg,
	// The bind line reads its port from the environment (manual §2.3), so the config is copied as it is.
	serve: [
		'cp "$folder/haproxy.cfg" "$run/"',
		// HAProxy staples an OCSP response it finds beside the certificate as <crt>.ocsp (manual §5.1, crt).
		'if [ -f "$folder/server.pem.ocsp" ]; then cp "$folder/server.pem.ocsp" "$run/"; fi',
		`(cd "$run" && export ${HAPROXY_PORT_VARIABLE}="$port" && exec haproxy -db -f haproxy.cfg) >"$run.log" 2>&1 &`
	],
	check: 'haproxy -c -f haproxy.cfg',
	clientCommands: curlCommands,
	refusal: 'HAProxy ends the TLS handshake with an alert (curl: "alert certificate required" or a reset).',
	docs: [
		'https://docs.haproxy.org/2.6/configuration.html#5.1 (bind options crt, ca-file, verify, ssl-min-ver)',
		'https://docs.haproxy.org/2.6/management.html'
	]
};

export const writer: ProfileWriter = kitWriter(HAPROXY_KIT, 'haproxy');
