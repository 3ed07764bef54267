import type { CaRecord } from '../vault/schema';

/** What bundles of a CA ship because of a root rotation still under way (export/bundle.ts BundleCa). */
export interface RotationTrust {
	alsoTrustedDer?: Uint8Array<ArrayBuffer>[];
	crossSignedDer?: Uint8Array<ArrayBuffer>;
}

/** The root a CA of the vault descends from (itself for a root). */
export function rootOf(ca: CaRecord, cas: readonly CaRecord[]): CaRecord {
	let current = ca;
	for (let guard = 0; current.parentId && guard < 16; guard++) {
		const parent = cas.find((c) => c.id === current.parentId);
		if (!parent) break;
		current = parent;
	}
	return current;
}

/**
 * While the root a CA descends from replaces another root that is not yet retired, its bundles also
 * trust the old root (CockroachDB: both CAs in ca.crt, new first) and, after a Consul-style
 * rotation, send the new root cross-signed by the old one after each leaf. Once the user marks the
 * rotation complete (the old root gets `retiredAt`), bundles carry the new root alone.
 */
export function rotationTrust(ca: CaRecord, cas: readonly CaRecord[]): RotationTrust {
	const root = rootOf(ca, cas);
	const replaced = root.supersedes ? cas.find((c) => c.id === root.supersedes) : undefined;
	if (!replaced || replaced.retiredAt) return {};
	return {
		alsoTrustedDer: [replaced.certificateDer],
		...(root.crossSignedDer ? { crossSignedDer: root.crossSignedDer } : {})
	};
}
