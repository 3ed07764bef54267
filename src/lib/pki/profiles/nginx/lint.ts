import type { SystemLint } from '../../lint/types';

/**
 * nginx checks what OpenSSL checks (https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_verify_client:
 * the client chain to ssl_client_certificate), and its clients check the server's name and chain;
 * so its output is held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
