import type { SystemLint } from '../../lint/types';

/**
 * nats-server checks what any Go TLS server checks (crypto/tls with RequireAndVerifyClientCert when
 * `verify: true`): the client's chain to ca_file and its clientAuth EKU; clients check the server's
 * name against its SANs. So a NATS kit is held to the plain TLS rules, server and client.
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
