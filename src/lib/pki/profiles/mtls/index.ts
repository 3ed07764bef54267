import { mutualTlsProfile } from '../mutual-tls';

/**
 * A generic mutual-TLS pair for software without a profile of its own: a server certificate and a
 * client certificate, as any TLS stack checks them (RFC 5280 §4.2.1.12, RFC 6125).
 */

export const MTLS_FIELDS = { hosts: 'serverHosts', user: 'clientName' };

export const mtls = mutualTlsProfile({
	id: 'mtls',
	label: 'Generic mutual TLS (server + client)',
	source: 'https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12',
	defaults: { caDays: 3650, leafDays: 397 },
	caFile: 'ca.crt',
	fields: MTLS_FIELDS,
	server: {
		purpose: 'serverAuth: clients check the host they dialled against its SANs.',
		hostsLabel: 'Server hosts: DNS names and IP addresses',
		fallbackCn: 'server'
	},
	client: {
		purpose: 'clientAuth: the server accepts it when it chains to this CA; the CN names the client.',
		userLabel: 'Client name (CN)',
		defaultUser: 'client',
		files: { cert: 'client.crt', key: 'client.key' },
		oneUser: 'one client.crt per folder; the lab makes a folder per client.'
	},
	usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
});
