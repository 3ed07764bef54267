import type { ProfileWriter } from '../profile';
import { kitWriter, type ServerKit } from '../server-kit';
import { mosquittoConf } from './config';

export const MOSQUITTO_KIT: ServerKit = {
	program: 'Mosquitto',
	configFile: 'mosquitto.conf',
	defaultPort: 8883,
	reads: { public: ['ca.crt', 'server.crt'], secret: ['server.key'] },
	config: mosquittoConf,
	// mosquitto.conf has no variables: the copy in the run folder gets the port (its one listener line).
	serve: [
		'sed -E "s/^listener [0-9]+ /listener $port /" "$folder/mosquitto.conf" >"$run/mosquitto.conf"',
		// As root, mosquitto switches to the user "mosquitto" ("nobody" where that does not exist) before it
		// reads the certificates (mosquitto.conf(5), user): that user gets the run folder.
		'if [ "$(id -u)" -eq 0 ]; then chown -R "$(id -un mosquitto 2>/dev/null || echo nobody)" "$run"; fi',
		'(cd "$run" && exec mosquitto -c mosquitto.conf) >"$run.log" 2>&1 &'
	],
	clientCommands: (dir, host, port) => {
		const tls = `--cafile ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key -h ${host} -p ${port}`;
		return [`mosquitto_sub ${tls} -t lab/hello -C 1 &`, `mosquitto_pub ${tls} -t lab/hello -m hello`];
	},
	refusal: 'the TLS handshake fails and mosquitto_pub reports a protocol or TLS error.',
	docs: [
		'https://mosquitto.org/man/mosquitto-conf-5.html',
		'https://mosquitto.org/man/mosquitto_pub-1.html',
		'https://mosquitto.org/man/mosquitto_sub-1.html'
	]
};

export const writer: ProfileWriter = kitWriter(MOSQUITTO_KIT, 'mosquitto');
