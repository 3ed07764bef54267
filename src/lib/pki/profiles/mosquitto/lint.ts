import type { SystemLint } from '../../lint/types';

/**
 * Mosquitto checks what OpenSSL checks (https://mosquitto.org/man/mosquitto-conf-5.html, require_certificate:
 * the client chain to cafile), and its clients check the server's name and chain;
 * so its output is held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
