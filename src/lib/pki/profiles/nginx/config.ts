import { hostPort } from '../lab-common';
import type { KitServer } from '../server-kit';

/** Optional parts of the config that other features fill in. */
export interface NginxOptions {
	/** A pre-signed OCSP response (DER) beside the certificate, stapled with ssl_stapling_file. */
	ocspResponse?: string;
}

const SSL = 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html';

/**
 * nginx.conf for one server folder. Paths of certificates are relative to this file's folder (nginx
 * resolves them against the configuration prefix); pid, logs and temp files against the -p prefix,
 * which the start script points at a writable run folder, so nginx runs unprivileged.
 */
export function nginxConf(server: KitServer, options: NginxOptions = {}): string {
	const stapling = options.ocspResponse
		? [
				`        # ${SSL}#ssl_stapling_file: staple this pre-signed OCSP response instead of querying a responder.`,
				'        ssl_stapling on;',
				`        ssl_stapling_file "${options.ocspResponse}";`
			]
		: [];
	return [
		`# nginx: mutual TLS on ${hostPort(server.bind, server.port)}, requiring a client certificate from ca.crt.`,
		'# Run: nginx -e stderr -p <writable folder>/ -c <this file>   (https://nginx.org/en/docs/switches.html)',
		'',
		'# https://nginx.org/en/docs/ngx_core_module.html#daemon: stay in the foreground of the start script.',
		'daemon off;',
		'# https://nginx.org/en/docs/ngx_core_module.html#worker_processes',
		'worker_processes 1;',
		'# https://nginx.org/en/docs/ngx_core_module.html#pid and #error_log: relative to the -p prefix, not /run or /var/log.',
		'pid nginx.pid;',
		'error_log stderr notice;',
		'',
		'# https://nginx.org/en/docs/ngx_core_module.html#events',
		'events {',
		'    worker_connections 64;',
		'}',
		'',
		'http {',
		'    # https://nginx.org/en/docs/http/ngx_http_log_module.html#access_log',
		'    access_log access.log;',
		'    # https://nginx.org/en/docs/http/ngx_http_core_module.html#client_body_temp_path and the',
		'    # proxy, fastcgi, uwsgi and scgi modules\u2019 *_temp_path: under the -p prefix, not /var/lib/nginx.',
		'    client_body_temp_path client_body_temp;',
		'    proxy_temp_path proxy_temp;',
		'    fastcgi_temp_path fastcgi_temp;',
		'    uwsgi_temp_path uwsgi_temp;',
		'    scgi_temp_path scgi_temp;',
		'',
		'    server {',
		'        # https://nginx.org/en/docs/http/ngx_http_core_module.html#listen',
		`        listen ${hostPort(server.bind, server.port)} ssl;`,
		'',
		`        # ${SSL}#ssl_certificate and #ssl_certificate_key: the chain (leaf first) and its key.`,
		'        ssl_certificate "server.crt";',
		'        ssl_certificate_key "server.key";',
		`        # ${SSL}#ssl_protocols: TLS 1.2 or newer only.`,
		'        ssl_protocols TLSv1.2 TLSv1.3;',
		`        # ${SSL}#ssl_client_certificate: the CA that client certificates must chain to.`,
		'        ssl_client_certificate "ca.crt";',
		`        # ${SSL}#ssl_verify_client: "on" requires a valid client certificate (400 without one).`,
		'        ssl_verify_client on;',
		`        # ${SSL}#ssl_verify_depth: leaf, up to two intermediate CAs, the root.`,
		'        ssl_verify_depth 3;',
		...stapling,
		'',
		'        location / {',
		'            # https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#return',
		'            default_type text/plain;',
		'            return 200 "hello $ssl_client_s_dn\\n";',
		'        }',
		'    }',
		'}',
		''
	].join('\n');
}
