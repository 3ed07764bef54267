import type { CertificateRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';

/**
 * Where and how the worker records what it issued: the page's vault database, the page's clock, and
 * the facts of this issuance that the certificates do not carry themselves. The page shows the same
 * records by passing the same target to `certificateRecords`.
 */
export interface RecordTarget {
	dbName: string;
	issuedAt: Date;
	/** Renewals (state/rotation.ts): the id of the record each certificate renews, by position in the issuance. */
	renewalOf?: readonly (string | undefined)[];
	/** 'csr' when the subject key came from a CSR (the app never had the private key); 'generated' when absent. */
	origin?: CertificateRecord['origin'];
}

/**
 * A certificate as the worker answers it (protocol.ts IssuedCertificate; a CA signed from a CSR has no
 * LeafRequest to keep): its record without what recording adds.
 */
export type Issued = Omit<CertificateRecord, 'id' | 'issuedAt' | 'origin' | 'renewalOf' | 'revocation'>;

/**
 * The inventory records of one issuance; the worker stores them and the page shows the same list.
 * Object.assign rather than `{ ...c, id, ... }`, which V8 builds on a slow path (see ca-view.ts
 * inventoryRows): the page runs this for every certificate of a 1,000-node lab in one task.
 */
export function certificateRecords(issued: Issued[], target: Omit<RecordTarget, 'dbName'>): CertificateRecord[] {
	const origin = target.origin ?? 'generated';
	return issued.map((c, i) => {
		const renews = target.renewalOf?.[i];
		return Object.assign(
			{},
			c,
			{ id: `${c.caId}:${c.serialHex}`, issuedAt: target.issuedAt, origin },
			renews ? { renewalOf: renews } : {}
		);
	});
}

/**
 * Stores one issuance's records in a single transaction, from the worker, before the answer goes
 * back: if storing fails, the page gets the failure and no file, so the inventory never misses a
 * certificate that left the app. Structured-cloning a thousand records into IndexedDB (and idb's
 * promise per request) took 100-150 ms of main-thread time when the page did it; here it costs the
 * page nothing. A short-lived connection: the page's `blocking` handler may close long-lived ones
 * for a schema upgrade, and one issuance needs only one transaction.
 */
export async function recordIssued(issued: Issued[], target: RecordTarget): Promise<void> {
	const store = await VaultStore.open(target.dbName);
	try {
		await store.addCertificates(certificateRecords(issued, target));
	} finally {
		store.close();
	}
}

/**
 * A bundle's certificates, recorded when the page asked for it (`target`) and then answered without
 * their DER: the vault holds them, the page does not need them, and a thousand small ArrayBuffers
 * cost the page's message task more than the whole zip does.
 */
export async function recordBundle<C extends Issued>(
	certificates: C[],
	target: RecordTarget | undefined
): Promise<Omit<C, 'certificateDer'>[]> {
	if (!target) return certificates;
	await recordIssued(certificates, target);
	return certificates.map(({ certificateDer: _stored, ...rest }) => rest);
}
