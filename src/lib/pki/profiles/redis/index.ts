import { mutualTlsProfile } from '../mutual-tls';

/**
 * Redis with TLS and client certificates ("TLS", https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/):
 * tls-cert-file and tls-key-file for the server, tls-ca-cert-file for the CA, tls-auth-clients yes
 * to require a client certificate.
 */

export const REDIS_FIELDS = { hosts: 'redisHosts', user: 'redisClient' };

export const redis = mutualTlsProfile({
	id: 'redis',
	label: 'Redis',
	source: 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/',
	defaults: { caDays: 3650, leafDays: 397 },
	caFile: 'ca.crt',
	fields: REDIS_FIELDS,
	server: {
		purpose: 'serverAuth: redis-server presents it (tls-cert-file); clients check it against ca.crt.',
		hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to',
		fallbackCn: 'redis'
	},
	client: {
		purpose: 'clientAuth: tls-auth-clients yes accepts it when it chains to tls-ca-cert-file (this CA).',
		userLabel: 'Client name (CN)',
		defaultUser: 'client',
		files: { cert: 'client.crt', key: 'client.key' },
		oneUser: 'one client.crt per folder; the lab makes a folder per client.'
	},
	usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
});
