import type { CertificateRecord } from '../vault/schema';

/**
 * A vault record of a CockroachDB node certificate issued by `caId`, for tests of the vault's
 * storage, backup and restore; `extra` adds or replaces fields (a revocation, a renewal link).
 */
export function nodeCertificateRecord(
	caId: string,
	serialHex: string,
	extra: Partial<CertificateRecord> = {}
): CertificateRecord {
	return {
		id: `${caId}:${serialHex}`,
		caId,
		serialHex,
		subject: 'CN=node',
		sans: ['DNS:node1'],
		profileId: 'cockroachdb',
		kindId: 'node',
		folder: '',
		certFile: 'node.crt',
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter: new Date('2027-01-01T00:00:00Z'),
		issuedAt: new Date('2026-01-01T00:00:00Z'),
		...extra
	};
}
