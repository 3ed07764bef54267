import type { CertificateRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';
import type { IssuedCertificate } from './types';

/** Where and when the worker records what it issued: the page's vault database and the page's clock. */
export interface RecordTarget {
	dbName: string;
	issuedAt: Date;
	/** Renewals (state/rotation.ts): the id of the record each certificate renews, by position in the issuance. */
	renewalOf?: readonly (string | undefined)[];
}

/**
 * The inventory records of one issuance; the worker stores them and the page shows the same list.
 * Object.assign rather than `{ ...c, id, ... }`, which V8 builds on a slow path (see ca-view.ts
 * inventoryRows): the page runs this for every certificate of a 1,000-node lab in one task.
 */
export function certificateRecords(
	issued: IssuedCertificate[],
	issuedAt: Date,
	renewalOf?: RecordTarget['renewalOf']
): CertificateRecord[] {
	return issued.map((c, i) => {
		const renews = renewalOf?.[i];
		return Object.assign(
			{},
			c,
			{ id: `${c.caId}:${c.serialHex}`, issuedAt, origin: 'generated' as const },
			renews ? { renewalOf: renews } : {}
		);
	});
}

/**
 * Stores one issuance's records in a single transaction, from the worker. Structured-cloning a
 * thousand records into IndexedDB (and idb's promise per request) took 100-150 ms of main-thread
 * time when the page did it, one task long enough to stall input while a 1,000-node lab was
 * recorded; here it costs the page nothing. A short-lived connection: the page's `blocking` handler may
 * close long-lived ones for a schema upgrade, and one issuance needs only one transaction.
 */
export async function recordIssued(issued: IssuedCertificate[], target: RecordTarget): Promise<void> {
	const store = await VaultStore.open(target.dbName);
	try {
		await store.addCertificates(certificateRecords(issued, target.issuedAt, target.renewalOf));
	} finally {
		store.close();
	}
}
