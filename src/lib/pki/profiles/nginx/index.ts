import { kitProfile } from '../server-kit-profile';

/**
 * nginx requiring client certificates (ngx_http_ssl_module,
 * https://nginx.org/en/docs/http/ngx_http_ssl_module.html): the server certificate and key as
 * ssl_certificate and ssl_certificate_key, the CA as ssl_client_certificate with ssl_verify_client on.
 */

export const nginx = kitProfile({
	id: 'nginx',
	label: 'nginx',
	source: 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html',
	server: {
		purpose: 'serverAuth: nginx presents it (ssl_certificate); clients check the host they dialled against its SANs.',
		fallbackCn: 'nginx'
	},
	clientPurpose: 'clientAuth: ssl_verify_client on accepts it when it chains to ssl_client_certificate (this CA).'
});
