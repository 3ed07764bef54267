import type { SystemLint } from '../../lint/types';

/**
 * MariaDB verifies client certificates against ssl_ca like any OpenSSL server, and REQUIRE SUBJECT
 * compares the subject the kit writes (CN=<user>) by construction (mariadb/index.ts); so the kit is
 * held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
