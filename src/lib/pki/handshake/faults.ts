/**
 * The break-it switches, as plain data the page can import without the PKI code (the labs themselves
 * run in the worker: throwaway.ts).
 */
export const FAULTS = [
	'none',
	'expired',
	'not-yet-valid',
	'wrong-ca',
	'missing-san',
	'server-auth-only-client',
	'cn-mismatch',
	'revoked'
] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_LABELS: Record<Fault, string> = {
	none: 'No fault (a good pair)',
	expired: 'Server certificate expired',
	'not-yet-valid': 'Client certificate not yet valid',
	'wrong-ca': 'Server certificate from another CA',
	'missing-san': 'Server certificate lacks the host in its SANs',
	'server-auth-only-client': 'Client certificate with serverAuth only',
	'cn-mismatch': 'Client certificate with another CN',
	revoked: 'Client certificate revoked'
};
