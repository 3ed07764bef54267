import { mutualTlsProfile } from '../mutual-tls';

/**
 * HAProxy terminating TLS and requiring client certificates (bind options, HAProxy 2.6 configuration
 * manual §5.1, https://docs.haproxy.org/2.6/configuration.html#5.1): `crt` reads one PEM file with the
 * certificate chain and its private key, `ca-file` the CA that client certificates must chain to,
 * `verify required` refuses a client without one.
 */

export const HAPROXY_FIELDS = { hosts: 'haproxyHosts', user: 'haproxyClient' };

export const haproxy = mutualTlsProfile({
	id: 'haproxy',
	label: 'HAProxy',
	source: 'https://docs.haproxy.org/2.6/configuration.html#5.1-crt',
	defaults: { caDays: 3650, leafDays: 397 },
	caFile: 'ca.crt',
	fields: HAPROXY_FIELDS,
	server: {
		purpose: 'serverAuth: HAProxy presents it (bind … crt server.pem: the chain, then the key, in one file).',
		hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to',
		fallbackCn: 'haproxy',
		// "crt <cert>: designates a PEM file containing both the required certificates and any associated private keys" (§5.1).
		files: { cert: 'server.pem', key: 'server.pem', keyInCert: true }
	},
	client: {
		purpose: 'clientAuth: bind … ca-file ca.crt verify required accepts it when it chains to this CA.',
		userLabel: 'Client name (CN)',
		defaultUser: 'client',
		files: { cert: 'client.crt', key: 'client.key' },
		oneUser: 'one client.crt per folder; the lab makes a folder per client.'
	},
	usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
});
