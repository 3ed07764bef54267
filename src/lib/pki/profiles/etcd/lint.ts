import type { SystemLint } from '../../lint/types';

/**
 * etcd enforces nothing beyond TLS itself on its certificates (security guide,
 * https://etcd.io/docs/v3.4/op-guide/security/): a member serves clients and peers and dials its peers
 * with one certificate, so it is held to both plain TLS targets.
 */
export const lint: SystemLint = {
	rules: {},
	kinds: { member: ['tls-server', 'tls-client'], client: ['tls-client'] }
};
