import { mutualTlsProfile } from '../mutual-tls';

/**
 * nginx requiring client certificates (ngx_http_ssl_module,
 * https://nginx.org/en/docs/http/ngx_http_ssl_module.html): the server certificate and key as
 * ssl_certificate and ssl_certificate_key, the CA as ssl_client_certificate with ssl_verify_client on.
 */

export const NGINX_FIELDS = { hosts: 'nginxHosts', user: 'nginxClient' };

export const nginx = mutualTlsProfile({
	id: 'nginx',
	label: 'nginx',
	source: 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html',
	defaults: { caDays: 3650, leafDays: 397 },
	caFile: 'ca.crt',
	fields: NGINX_FIELDS,
	server: {
		purpose: 'serverAuth: nginx presents it (ssl_certificate); clients check the host they dialled against its SANs.',
		hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to',
		fallbackCn: 'nginx'
	},
	client: {
		purpose: 'clientAuth: ssl_verify_client on accepts it when it chains to ssl_client_certificate (this CA).',
		userLabel: 'Client name (CN)',
		defaultUser: 'client',
		files: { cert: 'client.crt', key: 'client.key' },
		oneUser: 'one client.crt per folder; the lab makes a folder per client.'
	},
	usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
});
