import { kitProfile } from '../server-kit-profile';

/**
 * HAProxy terminating TLS and requiring client certificates (bind options, HAProxy 2.6 configuration
 * manual §5.1, https://docs.haproxy.org/2.6/configuration.html#5.1): `crt` reads one PEM file with the
 * certificate chain and its private key, `ca-file` the CA that client certificates must chain to,
 * `verify required` refuses a client without one.
 */

export const haproxy = kitProfile({
	id: 'haproxy',
	label: 'HAProxy',
	source: 'https://docs.haproxy.org/2.6/configuration.html#5.1-crt',
	server: {
		purpose: 'serverAuth: HAProxy presents it (bind … crt server.pem: the chain, then the key, in one file).',
		fallbackCn: 'haproxy',
		// "crt <cert>: designates a PEM file containing both the required certificates and any associated private keys" (§5.1).
		files: { cert: 'server.pem', key: 'server.pem', keyInCert: true }
	},
	clientPurpose: 'clientAuth: bind … ca-file ca.crt verify required accepts it when it chains to this CA.'
});
