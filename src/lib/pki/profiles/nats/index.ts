import { kitProfile } from '../kit-files';

/**
 * A NATS server with mutual TLS for its clients, per the NATS docs "Enabling TLS"
 * (https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls): the server presents
 * cert_file, and with `verify: true` requires a client certificate that chains to ca_file.
 */

export const NATS_FIELDS = { hosts: 'natsHosts', user: 'natsClient' };

export const nats = kitProfile({
	id: 'nats',
	label: 'NATS (client certificates)',
	source: 'https://docs.nats.io/running-a-nats-service/configuration/securing_nats/tls',
	fields: NATS_FIELDS,
	serverPurpose: 'serverAuth: the server presents it; clients check the host they dialled against its SANs.',
	clientPurpose: 'CN=<client>, clientAuth: with tls { verify: true } the server accepts only clients presenting one.',
	clientLabel: 'Client name (CN)',
	defaultUser: 'client'
});
