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
	/** The CA that signed it, and how deep it sits below its root (0 for a root). */
	parentId?: string;
	depth: number;
	/** A Consul Connect CA's SPIFFE trust domain. */
	trustDomain?: string;
	/** The path length from basicConstraints, when limited. */
	pathLen?: number;
}

export function caView(record: CaRecord, unlocked: boolean, now: Date): CaView {
	return {
		id: record.id,
		name: record.name,
		keyAlgorithm: record.keyAlgorithm,
		notBefore: record.notBefore,
		notAfter: record.notAfter,
		daysLeft: daysLeft(record.notAfter, now),
		unlocked,
		parentId: record.parentId,
		depth: record.chainDer?.length ?? 0,
		trustDomain: record.trustDomain,
		pathLen: record.pathLen
	};
}

/** CAs in hierarchy order: each root, then the CAs under it, depth first, oldest first. */
export function hierarchyOrder(views: CaView[]): CaView[] {
	const byParent = new Map<string | undefined, CaView[]>();
	const ids = new Set(views.map((v) => v.id));
	for (const v of views) {
		const key = v.parentId && ids.has(v.parentId) ? v.parentId : undefined;
		byParent.set(key, [...(byParent.get(key) ?? []), v]);
	}
	const out: CaView[] = [];
	const walk = (parent: string | undefined) => {
		for (const v of byParent.get(parent) ?? []) {
			out.push(v);
			walk(v.id);
		}
	};
	walk(undefined);
	return out;
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
