import type { SystemLint } from '../../lint/types';

/**
 * HAProxy verifies client certificates with OpenSSL against ca-file
 * (https://docs.haproxy.org/2.6/configuration.html#5.1-verify) and enforces nothing beyond TLS on them;
 * so its output is held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
