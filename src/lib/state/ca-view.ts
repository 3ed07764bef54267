import type { KeyAlgorithm } from '../pki/algorithms';
import { daysLeft } from '../pki/validity';
import type { CaRecord, CertificateRecord } from '../vault/schema';

/** What the UI shows of a CA: no sealed key, only public facts and whether it is unlocked. */
export interface CaView {
	id: string;
	name: string;
	keyAlgorithm: KeyAlgorithm;
	notBefore: Date;
	notAfter: Date;
	daysLeft: number;
	unlocked: boolean;
}

export function caView(record: CaRecord, unlocked: boolean, now: Date): CaView {
	return {
		id: record.id,
		name: record.name,
		keyAlgorithm: record.keyAlgorithm,
		notBefore: record.notBefore,
		notAfter: record.notAfter,
		daysLeft: daysLeft(record.notAfter, now),
		unlocked
	};
}

export interface InventoryRow extends CertificateRecord {
	caName: string;
	daysLeft: number;
}

/** Inventory rows, soonest expiry first. */
export function inventoryRows(records: CertificateRecord[], cas: CaRecord[], now: Date): InventoryRow[] {
	const names = new Map(cas.map((ca) => [ca.id, ca.name]));
	return records
		.map((r) => ({ ...r, caName: names.get(r.caId) ?? '(deleted CA)', daysLeft: daysLeft(r.notAfter, now) }))
		.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime() || a.certFile.localeCompare(b.certFile));
}
