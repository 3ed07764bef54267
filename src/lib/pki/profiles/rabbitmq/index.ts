import { kitProfile } from '../kit-files';

/**
 * RabbitMQ's AMQPS listener with peer verification, per "TLS Support"
 * (https://www.rabbitmq.com/docs/ssl): listeners.ssl.default, ssl_options.cacertfile/certfile/keyfile,
 * ssl_options.verify = verify_peer and ssl_options.fail_if_no_peer_cert = true, so a client must
 * present a certificate that chains to the CA.
 */

export const RABBITMQ_FIELDS = { hosts: 'rabbitmqHosts', user: 'rabbitmqClient' };

export const rabbitmq = kitProfile({
	id: 'rabbitmq',
	label: 'RabbitMQ (AMQPS with client certificates)',
	source: 'https://www.rabbitmq.com/docs/ssl',
	fields: RABBITMQ_FIELDS,
	serverPurpose: 'serverAuth: the broker presents it on the AMQPS port; clients check the host against its SANs.',
	clientPurpose:
		'CN=<client>, clientAuth: with fail_if_no_peer_cert the broker refuses a TLS connection without a certificate from this CA.',
	clientLabel: 'Client name (CN)',
	defaultUser: 'client'
});
