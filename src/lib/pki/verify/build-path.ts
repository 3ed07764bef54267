import { x509 } from '../x509';
import type { CertInput, PathCert } from './types';

/**
 * Candidate certification paths from the leaf to a trust anchor (RFC 4158 in miniature): issuers are
 * matched by name (RFC 5280 §6.1.3 (a)(4), compared case-insensitively as §7.1 allows for the usual
 * attribute types) and, where both carry them, by AKI = SKI (§4.2.1.1). Several candidates per step
 * (cross-signed CAs, rollovers) are all explored; a certificate appears at most once on a path, so
 * loops end. Signatures are not checked here: the verifier judges each path completely and reports
 * why the best one fails.
 */

const MAX_DEPTH = 10;
const MAX_PATHS = 64;

export interface Pool {
	leaf: PathCert;
	all: PathCert[];
}

export function makePool(
	leaf: CertInput,
	intermediates: readonly CertInput[],
	roots: readonly CertInput[],
	allowPartialChain: boolean
): Pool {
	const seen = new Map<string, PathCert>();
	const add = (input: CertInput, trusted: boolean): PathCert => {
		const { cert, name } = input instanceof x509.X509Certificate ? { cert: input, name: undefined } : input;
		const key = fingerprintKey(cert);
		const existing = seen.get(key);
		// A certificate is an anchor when it is trusted and either self-issued or partial chains are allowed (openssl -partial_chain).
		const anchor = trusted && (allowPartialChain || isSelfIssued(cert));
		if (existing) {
			existing.trusted ||= anchor;
			return existing;
		}
		const pc: PathCert = { cert, name: name ?? defaultName(cert), trusted: anchor };
		seen.set(key, pc);
		return pc;
	};
	for (const r of roots) add(r, true);
	for (const i of intermediates) add(i, false);
	const leafCert = add(leaf, false);
	return { leaf: leafCert, all: [...seen.values()] };
}

export function defaultName(cert: x509.X509Certificate): string {
	return cert.subjectName.getField('CN')[0] ?? cert.subject;
}

const norm = (dn: string) => dn.toLowerCase().replace(/\s+/g, ' ');
export const isSelfIssued = (cert: x509.X509Certificate) => norm(cert.subject) === norm(cert.issuer);
const fingerprintKey = (cert: x509.X509Certificate) =>
	Array.from(new Uint8Array(cert.rawData), (b) => b.toString(16).padStart(2, '0')).join('');

const ski = (c: x509.X509Certificate) => c.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId?.toLowerCase();
const aki = (c: x509.X509Certificate) => c.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase();

/** Issuers of child: name match, AKI-matching first; name-only matches (AKI differs) only when no AKI match exists. */
function issuersOf(child: PathCert, pool: Pool): PathCert[] {
	const byName = pool.all.filter((c) => c !== child && norm(c.cert.subject) === norm(child.cert.issuer));
	const childAki = aki(child.cert);
	const matching = byName.filter((c) => !childAki || !ski(c.cert) || ski(c.cert) === childAki);
	if (matching.length > 0) return matching.sort((a, b) => Number(b.trusted) - Number(a.trusted));
	return byName.map((c) => ({ ...c, akiMismatch: true }));
}

export interface Paths {
	/** Paths that end at a trust anchor. */
	complete: PathCert[][];
	/** The longest path that did not reach one, for reporting. */
	longestIncomplete: PathCert[];
}

export function buildPaths(pool: Pool): Paths {
	const out: Paths = { complete: [], longestIncomplete: [pool.leaf] };
	const walk = (path: PathCert[]) => {
		if (out.complete.length >= MAX_PATHS) return;
		const top = path[path.length - 1]!;
		if (top.trusted) {
			out.complete.push(path);
			return;
		}
		const next =
			path.length < MAX_DEPTH ? issuersOf(top, pool).filter((c) => !path.some((p) => p.cert === c.cert)) : [];
		if (next.length === 0 && path.length > out.longestIncomplete.length) out.longestIncomplete = path;
		for (const issuer of next) walk([...path, issuer]);
	};
	walk([pool.leaf]);
	return out;
}
