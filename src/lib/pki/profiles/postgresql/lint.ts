import type { SystemLint } from '../../lint/types';

/**
 * PostgreSQL and libpq check what any TLS stack checks (the server's name under sslmode=verify-full,
 * the chain to ssl_ca_file), plus the client CN against the role, which the certificate carries by
 * construction (postgresql/index.ts); so its output is held to the plain TLS rules.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
