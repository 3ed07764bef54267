import { kitProfile } from '../server-kit-profile';

/**
 * Redis with TLS and client certificates ("TLS", https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/):
 * tls-cert-file and tls-key-file for the server, tls-ca-cert-file for the CA, tls-auth-clients yes
 * to require a client certificate.
 */

export const redis = kitProfile({
	id: 'redis',
	label: 'Redis',
	source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/',
	server: {
		purpose: 'serverAuth: redis-server presents it (tls-cert-file); clients check it against ca.crt.',
		fallbackCn: 'redis'
	},
	clientPurpose: 'clientAuth: tls-auth-clients yes accepts it when it chains to tls-ca-cert-file (this CA).'
});
