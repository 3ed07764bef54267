import { kitProfile } from '../server-kit-profile';

/**
 * The Mosquitto MQTT broker with client certificates (mosquitto.conf(5),
 * https://mosquitto.org/man/mosquitto-conf-5.html): a listener with cafile, certfile and keyfile,
 * require_certificate true, and the certificate's CN as the MQTT user name (use_identity_as_username).
 */

export const mosquitto = kitProfile({
	id: 'mosquitto',
	label: 'Mosquitto MQTT',
	source: 'https://mosquitto.org/man/mosquitto-conf-5.html',
	server: {
		purpose: 'serverAuth: the broker presents it (certfile); mosquitto_pub and mosquitto_sub check its SANs.',
		fallbackCn: 'mosquitto'
	},
	clientPurpose: 'clientAuth: require_certificate accepts it when it chains to cafile; its CN is the MQTT user name.'
});
