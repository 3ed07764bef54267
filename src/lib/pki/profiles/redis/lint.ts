import type { SystemLint } from '../../lint/types';

/**
 * Redis checks what OpenSSL checks (https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/:
 * tls-auth-clients: the client chain to tls-ca-cert-file), and its clients check the server's name and chain;
 * so its output is held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
