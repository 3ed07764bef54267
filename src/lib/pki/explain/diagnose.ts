import type { DropFinding, KeyModeRow } from '../inspect/findings';
import type { ChainGraph } from '../inspect/chain-graph';
import type { ChainVerdict } from '../inspect/verdict';
import type { LintReport } from '../lint/types';
import { CATALOGUE, type CauseCheck, type KnownMessage } from './catalogue';

/** Pasted text beyond this is not read: error messages and their stack traces are far shorter. */
export const MAX_MESSAGE_CHARS = 64 * 1024;

export interface Recognised {
	message: KnownMessage;
	/** The fragment that matched, as it appears in the catalogue. */
	fragment: string;
}

export interface PastedError {
	recognised: Recognised[];
	/** The host the message says was dialled ("… valid for localhost, not db1" → "db1"), for the explainer. */
	host?: string;
	/** True when the text was longer than MAX_MESSAGE_CHARS and only its start was read. */
	truncated: boolean;
}

/**
 * Recognises every known message in the pasted text. The text is lower-cased once and searched for
 * each fixed fragment with indexOf, so the work grows linearly with the text (times the fixed
 * catalogue), with no regular expression that could backtrack.
 */
export function recogniseError(pasted: string): PastedError {
	const truncated = pasted.length > MAX_MESSAGE_CHARS;
	const text = (truncated ? pasted.slice(0, MAX_MESSAGE_CHARS) : pasted).toLowerCase();
	const recognised: Recognised[] = [];
	for (const message of CATALOGUE) {
		const fragment = message.match.find((m) => text.includes(m));
		if (fragment) recognised.push({ message, fragment });
	}
	const host = dialledHost(truncated ? pasted.slice(0, MAX_MESSAGE_CHARS) : pasted);
	return { recognised, truncated, ...(host ? { host } : {}) };
}

/** The dialled name from Go's "valid for A, B, not C", Node's "Host: C. is not in the cert's altnames" or libpq's 'host name "C"'. */
function dialledHost(text: string): string | undefined {
	const lower = text.toLowerCase();
	const token = (from: number) => {
		let end = from;
		while (end < text.length && end - from < 255 && !/[\s,;"'()[\]]/.test(text[end]!)) end++;
		return text.slice(from, end).replace(/\.$/, '') || undefined;
	};
	const valid = lower.indexOf('certificate is valid for ');
	if (valid >= 0) {
		const not = lower.indexOf(', not ', valid);
		if (not >= 0 && not - valid < 2048) return token(not + 6);
	}
	const node = lower.indexOf('host: ');
	if (node >= 0 && lower.includes('altnames')) return token(node + 6);
	const pg = lower.indexOf('does not match host name "');
	if (pg >= 0) return token(pg + 26);
	const java = lower.indexOf('matching ip address ');
	if (java >= 0) return token(java + 20);
	const javaDns = lower.indexOf('no name matching ');
	if (javaDns >= 0) return token(javaDns + 17);
	return undefined;
}

/** What the panels found in the drop, as the cause checks read it. */
export interface Evidence {
	certificates: number;
	keys: number;
	lint: LintReport;
	chains: { label: string; verdict: ChainVerdict }[];
	findings: DropFinding[];
	keyModes: KeyModeRow[];
	graph: ChainGraph;
}

export interface CauseVerdict {
	state: 'found' | 'not-found' | 'unknown';
	/** The findings that show it, or why it cannot be told. */
	evidence: string[];
}

const lintFindings = (e: Evidence, ids: (id: string) => boolean) =>
	e.lint.results.filter((r) => r.status === 'fail' && ids(r.id)).flatMap((r) => r.findings.map((f) => f.message));
const chainsWith = (e: Evidence, codes: string[]) =>
	e.chains.filter((c) => c.verdict.codes.some((k) => codes.includes(k))).map((c) => `${c.label}: ${c.verdict.words}`);
const dropped = (e: Evidence, topic: DropFinding['topic']) =>
	e.findings.filter((f) => f.topic === topic).map((f) => f.message);

/** Tests one cause on the dropped files. */
export function checkCause(check: CauseCheck, e: Evidence): CauseVerdict {
	if (e.certificates === 0 && check !== 'key-mode')
		return { state: 'unknown', evidence: ['Drop the certificates, keys and CA files of both sides to check this.'] };
	const verdict = (evidence: string[], checked = true): CauseVerdict =>
		evidence.length
			? { state: 'found', evidence }
			: checked
				? { state: 'not-found', evidence: [] }
				: { state: 'unknown', evidence: [] };
	switch (check) {
		case 'untrusted':
			return verdict([
				...chainsWith(e, ['issuer-not-found', 'untrusted-root', 'signature-invalid']),
				...lintFindings(e, (id) => id === 'chain')
			]);
		case 'missing-ca':
			return verdict([...lintFindings(e, (id) => /ca-present/.test(id)), ...chainsWith(e, ['issuer-not-found'])]);
		case 'expired':
			return verdict([
				...chainsWith(e, ['expired']),
				...lintFindings(e, (id) => id === 'validity').filter((m) => /expired/.test(m))
			]);
		case 'not-yet-valid':
			return verdict([
				...chainsWith(e, ['not-yet-valid']),
				...lintFindings(e, (id) => id === 'validity').filter((m) => /not valid until/.test(m))
			]);
		case 'host':
			return verdict([...lintFindings(e, (id) => id === 'hosts-in-san'), ...dropped(e, 'loopback')]);
		case 'loopback':
			return verdict(dropped(e, 'loopback'));
		case 'eku':
			return verdict([...lintFindings(e, (id) => /eku/.test(id)), ...chainsWith(e, ['purpose'])]);
		case 'key-mismatch':
			return verdict(
				[
					...lintFindings(e, (id) => id === 'key-matches-certificate'),
					...e.graph.edges.filter((g) => g.kind === 'key' && !g.ok).map((g) => g.reason)
				].filter((m, i, all) => all.indexOf(m) === i),
				e.keys > 0
			);
		case 'cn':
			return verdict(lintFindings(e, (id) => /-cn$/.test(id)));
		case 'key-mode': {
			const bad = e.keyModes.filter((k) => k.verdict && !k.verdict.ok).map((k) => `${k.file}: ${k.verdict!.message}`);
			if (bad.length) return { state: 'found', evidence: bad };
			const unknown = e.keyModes.filter((k) => !k.verdict).length;
			return unknown || e.keyModes.length === 0
				? {
						state: 'unknown',
						evidence: [
							'The modes of the key files are not known: paste `ls -l` or drop a zip or tar (see "Key file modes").'
						]
					}
				: { state: 'not-found', evidence: [] };
		}
		case 'missing-key':
			return verdict(lintFindings(e, (id) => /key-present/.test(id)));
		case 'revoked':
			return verdict(chainsWith(e, ['revoked']));
		case 'crl-stale':
			return verdict([...dropped(e, 'crl'), ...chainsWith(e, ['crl-invalid'])]);
	}
}
