import type { CaRecord, CertificateRecord } from '../vault/schema';
import { daysLeft } from '../pki/validity';
import { expiryStatus, STATUS_LABEL, type ExpiryStatus } from './ca-view';

export interface HierarchyNode {
	id: string;
	name: string;
	kind: 'root' | 'intermediate' | 'outside';
	issued: number;
	daysLeft: number;
	status: ExpiryStatus;
	retired: boolean;
}

export interface HierarchyEdge {
	from: string;
	to: string;
	/** 'signs': the parent signed the CA; 'cross-signs': an old root signed the new root's key (rotation). */
	kind: 'signs' | 'cross-signs';
}

/**
 * The vault's CAs as a graph for the hierarchy picture: each CA, how many certificates it issued and
 * when it expires, an edge from each parent to the CA it signed, and from an old root to the new root
 * it cross-signed. A parent outside the vault (an imported intermediate, a CA put under an outside
 * root) is one "outside" node, so the intermediate is not drawn as a root.
 */
export function hierarchyGraph(
	cas: readonly CaRecord[],
	certificates: readonly CertificateRecord[],
	now: Date
): { nodes: HierarchyNode[]; edges: HierarchyEdge[] } {
	const issued = new Map<string, number>();
	for (const c of certificates) issued.set(c.caId, (issued.get(c.caId) ?? 0) + 1);
	for (const ca of cas) if (ca.parentId) issued.set(ca.parentId, (issued.get(ca.parentId) ?? 0) + 1);
	const ids = new Set(cas.map((ca) => ca.id));
	const nodes: HierarchyNode[] = cas.map((ca) => {
		const left = daysLeft(ca.notAfter, now);
		const underOutside = !ca.parentId && (ca.chainDer?.length ?? 0) > 0;
		return {
			id: ca.id,
			name: ca.name,
			kind: ca.parentId || underOutside ? 'intermediate' : 'root',
			issued: issued.get(ca.id) ?? 0,
			daysLeft: left,
			status: expiryStatus(left, false),
			retired: Boolean(ca.retiredAt)
		};
	});
	const edges: HierarchyEdge[] = [];
	const outside = 'outside';
	for (const ca of cas) {
		if (ca.parentId && ids.has(ca.parentId)) edges.push({ from: ca.parentId, to: ca.id, kind: 'signs' });
		else if (ca.parentId || (ca.chainDer?.length ?? 0) > 0) edges.push({ from: outside, to: ca.id, kind: 'signs' });
		if (ca.supersedes && ca.crossSignedDer && ids.has(ca.supersedes))
			edges.push({ from: ca.supersedes, to: ca.id, kind: 'cross-signs' });
	}
	if (edges.some((e) => e.from === outside))
		nodes.push({
			id: outside,
			name: 'A CA outside this vault',
			kind: 'outside',
			issued: edges.filter((e) => e.from === outside).length,
			daysLeft: 0,
			status: 'valid',
			retired: false
		});
	return { nodes, edges };
}

/** One sentence per CA for the picture's text equivalent. */
export function hierarchyWords(graph: { nodes: HierarchyNode[]; edges: HierarchyEdge[] }): string[] {
	const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
	return graph.nodes
		.filter((n) => n.kind !== 'outside')
		.map((n) => {
			const parents = graph.edges.filter((e) => e.to === n.id);
			const signedBy = parents.map((e) =>
				e.kind === 'signs' ? `signed by ${name.get(e.from)}` : `cross-signed by ${name.get(e.from)}`
			);
			const what = n.kind === 'root' ? 'Root CA' : 'Intermediate CA';
			const expiry = n.daysLeft < 0 ? `expired ${-n.daysLeft} days ago` : `${n.daysLeft} days left`;
			return `${n.name}: ${what}${signedBy.length ? `, ${signedBy.join(', ')}` : ''}; issued ${n.issued}; ${expiry} (${STATUS_LABEL[n.status]})${n.retired ? '; retired' : ''}.`;
		});
}

export interface ExpiryBucket {
	/** The month, YYYY-MM, in UTC. */
	month: string;
	count: number;
	/** The worst status among them, for the colour. */
	status: ExpiryStatus;
	names: string[];
}

const RANK: Record<ExpiryStatus, number> = { expired: 0, 'expires-7': 1, 'expires-30': 2, valid: 3, revoked: 4 };

/** Expiries per month, soonest first: the inventory's timeline and its table. Revoked certificates are left out. */
export function expiryBuckets(
	items: readonly { name: string; notAfter: Date; status: ExpiryStatus }[]
): ExpiryBucket[] {
	const buckets = new Map<string, ExpiryBucket>();
	for (const item of items) {
		if (item.status === 'revoked') continue;
		const month = item.notAfter.toISOString().slice(0, 7);
		const bucket = buckets.get(month) ?? { month, count: 0, status: 'valid', names: [] };
		bucket.count++;
		if (RANK[item.status] < RANK[bucket.status]) bucket.status = item.status;
		if (bucket.names.length < 5) bucket.names.push(item.name);
		buckets.set(month, bucket);
	}
	return [...buckets.values()].sort((a, b) => a.month.localeCompare(b.month));
}
