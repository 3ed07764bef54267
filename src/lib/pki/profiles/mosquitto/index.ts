import { mutualTlsProfile } from '../mutual-tls';

/**
 * The Mosquitto MQTT broker with client certificates (mosquitto.conf(5),
 * https://mosquitto.org/man/mosquitto-conf-5.html): a listener with cafile, certfile and keyfile,
 * require_certificate true, and the certificate's CN as the MQTT user name (use_identity_as_username).
 */

export const MOSQUITTO_FIELDS = { hosts: 'mosquittoHosts', user: 'mosquittoClient' };

export const mosquitto = mutualTlsProfile({
	id: 'mosquitto',
	label: 'Mosquitto MQTT',
	source: 'https://mosquitto.org/man/mosquitto-conf-5.html',
	defaults: { caDays: 3650, leafDays: 397 },
	caFile: 'ca.crt',
	fields: MOSQUITTO_FIELDS,
	server: {
		purpose: 'serverAuth: the broker presents it (certfile); mosquitto_pub and mosquitto_sub check its SANs.',
		hostsLabel: 'Broker hosts: DNS names and IP addresses clients connect to',
		fallbackCn: 'mosquitto'
	},
	client: {
		purpose: 'clientAuth: require_certificate accepts it when it chains to cafile; its CN is the MQTT user name.',
		userLabel: 'Client name (CN = MQTT user name)',
		defaultUser: 'client',
		files: { cert: 'client.crt', key: 'client.key' },
		oneUser: 'one client.crt per folder; the lab makes a folder per client.'
	},
	usersLabel: 'client names, one client-<name>/ folder each (CN = the MQTT user name)'
});
