import type { SystemLint } from '../../lint/types';

/** Generic mutual TLS is held to exactly the plain TLS rules, server and client. */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
