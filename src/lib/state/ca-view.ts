import type { KeyAlgorithm } from '../pki/algorithms';
import { CRL_REASON_SHORT } from '../pki/crl/reasons';
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

/** How many days the CA's certificate spans: what a renewed, rotated or re-created CA gets by default. */
export function lifetimeDays(ca: Pick<CaView, 'notBefore' | 'notAfter'>): number {
	return Math.max(1, Math.round((ca.notAfter.getTime() - ca.notBefore.getTime()) / 86_400_000));
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

/**
 * Where a certificate stands on the expiry dashboard. Revoked wins over the dates; then expired; then
 * the two warnings, at 7 and 30 days left (the usual renewal reminders: cert-manager renews at a
 * third of the lifetime, Let's Encrypt mails at 20 and 10 days; 30 and 7 leave time for a change window).
 */
export type ExpiryStatus = 'revoked' | 'expired' | 'expires-7' | 'expires-30' | 'valid';

/** Stable words for each status, for the CSV and the filter. */
export const STATUS_LABEL: Record<ExpiryStatus, string> = {
	revoked: 'revoked',
	expired: 'expired',
	'expires-7': 'expires within 7 days',
	'expires-30': 'expires within 30 days',
	valid: 'valid'
};

export const WARN_DAYS = 30;
export const URGENT_DAYS = 7;

export function expiryStatus(daysLeft: number, revoked: boolean): ExpiryStatus {
	if (revoked) return 'revoked';
	if (daysLeft < 0) return 'expired';
	if (daysLeft <= URGENT_DAYS) return 'expires-7';
	if (daysLeft <= WARN_DAYS) return 'expires-30';
	return 'valid';
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The status in words, so it never rests on colour alone (WCAG 1.4.1). */
export function statusText(
	status: ExpiryStatus,
	daysLeft: number,
	notAfter: Date,
	revocation?: CertificateRecord['revocation']
): string {
	switch (status) {
		case 'revoked':
			return revocation ? `Revoked on ${day(revocation.revokedAt)}: ${CRL_REASON_SHORT[revocation.reason]}` : 'Revoked';
		case 'expired':
			return `Expired on ${day(notAfter)}`;
		case 'expires-7':
		case 'expires-30':
			return daysLeft === 0 ? 'Expires in less than a day' : `Expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
		case 'valid':
			return 'Valid';
	}
}

/** An issued certificate on the dashboard. */
export interface InventoryRow extends CertificateRecord {
	kind: 'leaf';
	caName: string;
	daysLeft: number;
	status: ExpiryStatus;
	statusText: string;
}

/** Inventory rows in record order; dashboardRows sorts them together with the CAs. */
export function inventoryRows(
	records: readonly CertificateRecord[],
	cas: readonly CaRecord[],
	now: Date
): InventoryRow[] {
	const names = new Map(cas.map((ca) => [ca.id, ca.name]));
	return records.map((r): InventoryRow => {
		const left = daysLeft(r.notAfter, now);
		const status = expiryStatus(left, Boolean(r.revocation));
		// Object.assign, not `{ ...r, kind, ... }`: V8 takes a slow path for a spread followed by more
		// properties. For the 1,000 records of a lab, shown in one task right after it is issued, that
		// was 15-60 ms against 1-3 ms in Node 20; in Chromium the longest task of a 1,000-node lab went
		// from 68-107 ms to 50-73 ms with this and certificateRecords (worker/record-issued.ts) changed.
		return Object.assign({}, r, {
			kind: 'leaf' as const,
			caName: names.get(r.caId) ?? '(deleted CA)',
			daysLeft: left,
			status,
			statusText: statusText(status, left, r.notAfter, r.revocation)
		});
	});
}

/** A CA on the dashboard: its own certificate expires too, and everything under it with it. */
export interface CaInventoryRow {
	kind: 'ca';
	id: string;
	name: string;
	caKind: 'root' | 'intermediate';
	/** The CA that signed it (intermediates only). */
	parentName?: string;
	notBefore: Date;
	notAfter: Date;
	daysLeft: number;
	status: ExpiryStatus;
	statusText: string;
	certificateDer: Uint8Array<ArrayBuffer>;
}

export type DashboardRow = InventoryRow | CaInventoryRow;

export function caInventoryRows(cas: readonly CaRecord[], now: Date): CaInventoryRow[] {
	const names = new Map(cas.map((ca) => [ca.id, ca.name]));
	return cas.map((ca) => {
		const left = daysLeft(ca.notAfter, now);
		const status = expiryStatus(left, false);
		return {
			kind: 'ca',
			id: ca.id,
			name: ca.name,
			caKind: ca.parentId || (ca.chainDer?.length ?? 0) > 0 ? 'intermediate' : 'root',
			...(ca.parentId ? { parentName: names.get(ca.parentId) ?? '(deleted CA)' } : {}),
			notBefore: ca.notBefore,
			notAfter: ca.notAfter,
			daysLeft: left,
			status,
			statusText: statusText(status, left, ca.notAfter),
			certificateDer: ca.certificateDer
		};
	});
}

/**
 * One reused collator: about 8× faster than String.localeCompare per comparison in V8, and sorting a
 * 1,000-node lab (all expiring together, so every comparison reaches the names) runs on the page
 * right after the lab is issued. Numeric, so node2 precedes node10.
 */
const byName = new Intl.Collator('en', { numeric: true }).compare;

interface SortKey {
	row: DashboardRow;
	expires: number;
	caFirst: number;
	name: string;
}

/** Soonest expiry first; ties by name, CAs before the certificates they issued. */
function soonestFirst(a: SortKey, b: SortKey): number {
	return a.expires - b.expires || a.caFirst - b.caFirst || byName(a.name, b.name);
}

/** The name a row goes by: the CA's name, or the certificate's path in its zip. */
export function rowName(row: DashboardRow): string {
	return row.kind === 'ca' ? row.name : `${row.folder ? `${row.folder}/` : ''}${row.certFile}`;
}

/** Every CA and every issued certificate, soonest expiry first. */
export function dashboardRows(leaves: InventoryRow[], cas: readonly CaRecord[], now: Date): DashboardRow[] {
	// Keys made once per row, not once per comparison (n log n of them for a big lab).
	const keys = [...caInventoryRows(cas, now), ...leaves].map((row): SortKey => ({
		row,
		expires: row.notAfter.getTime(),
		caFirst: row.kind === 'ca' ? 0 : 1,
		name: rowName(row)
	}));
	return keys.sort(soonestFirst).map((k) => k.row);
}

export type DashboardFilter = 'all' | 'expiring' | 'expired' | 'revoked';

export const DASHBOARD_FILTERS: { id: DashboardFilter; label: string }[] = [
	{ id: 'all', label: 'All' },
	{ id: 'expiring', label: 'Expiring within 30 days' },
	{ id: 'expired', label: 'Expired' },
	{ id: 'revoked', label: 'Revoked' }
];

export function filterRows(rows: DashboardRow[], filter: DashboardFilter): DashboardRow[] {
	switch (filter) {
		case 'all':
			return rows;
		case 'expiring':
			return rows.filter((r) => r.status === 'expires-7' || r.status === 'expires-30');
		case 'expired':
			return rows.filter((r) => r.status === 'expired');
		case 'revoked':
			return rows.filter((r) => r.status === 'revoked');
	}
}
