import { PkiError } from '../errors';
import { splitList } from '../names';

/** The lab form's hosts field: its PkiErrors land next to it. */
export const HOSTS_FIELD = 'lab-hosts';

/** Longer than any list of hosts a person types or pastes for a lab (1,000 nodes of a few names each). */
export const MAX_HOSTS_TEXT = 200_000;
/** Host names made in all, over all nodes: counted before anything is expanded. */
export const MAX_HOST_NAMES = 100_000;

const RANGE = /\{(\d+)\.\.(\d+)\}/g;

const count = (n: bigint | number) => n.toLocaleString('en-US');
const plural = (n: bigint | number, word: string) => `${count(n)} ${word}${n === 1 || n === 1n ? '' : 's'}`;

/**
 * The value a brace range `{a..b}` gives node `i` (1-based), the way bash counts (ascending or
 * descending; `{01..05}` keeps the width of a zero-padded bound). The range must have exactly one
 * value per node; its size is worked out from the bounds, never by listing them, so a range as wide
 * as a /8 is refused at once instead of building sixteen million strings.
 */
function rangeValue(whole: string, start: string, end: string, entry: string, i: number, nodes: number): string {
	const from = BigInt(start);
	const to = BigInt(end);
	const size = (to >= from ? to - from : from - to) + 1n;
	if (size !== BigInt(nodes)) {
		throw new PkiError(
			'lab-hosts-invalid',
			`"${whole}" in "${entry}" gives ${plural(size, 'value')}, but the lab has ${plural(nodes, 'node')}: a range needs one value per node (node k takes its k-th value; ranges are not multiplied together).`,
			HOSTS_FIELD
		);
	}
	const width = /^0\d/.test(start) || /^0\d/.test(end) ? Math.max(start.length, end.length) : 0;
	const value = to >= from ? from + BigInt(i - 1) : from - BigInt(i - 1);
	return value.toString().padStart(width, '0');
}

/**
 * One entry of the hosts field for node `i` (1-based): `{i}` is the node number, `{a..b}` gives
 * the i-th value of the range (so it must have one value per node), anything else goes to every node.
 */
function expandEntry(entry: string, i: number, nodes: number): string {
	const withNumber = entry.replaceAll('{i}', String(i));
	return withNumber.replace(RANGE, (whole, start: string, end: string) =>
		rangeValue(whole, start, end, entry, i, nodes)
	);
}

/**
 * The hosts of every node, from what was typed in the lab form:
 * - one line is a pattern for all nodes: `node{1..3}.lab.internal, 10.20.0.{11..13}, localhost`
 *   gives node 2 `node2.lab.internal, 10.20.0.12, localhost`;
 * - several lines are a list, line k being node k's hosts (patterns still apply within a line).
 * Only the text is expanded here; each host is checked as a SAN when the certificate is prepared.
 * The text's length and the number of names it makes are checked first, so no pattern can keep the
 * page busy.
 */
export function expandHosts(text: string, nodes: number): string[][] {
	if (text.length > MAX_HOSTS_TEXT)
		throw new PkiError(
			'lab-hosts-invalid',
			`The hosts are ${count(text.length)} characters long; at most ${count(MAX_HOSTS_TEXT)} are read. Use a pattern such as node{1..3}.lab instead of listing every name.`,
			HOSTS_FIELD
		);
	const lines = text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
	if (lines.length === 0)
		throw new PkiError('host-empty', 'Enter the hosts of the nodes, for example localhost, 127.0.0.1.', HOSTS_FIELD);
	if (lines.length > 1 && lines.length !== nodes) {
		throw new PkiError(
			'lab-hosts-invalid',
			`The hosts have ${lines.length} lines but the lab has ${nodes} nodes: write one line per node, or one line that is a pattern for all of them.`,
			HOSTS_FIELD
		);
	}
	const entries = lines.map((line) => splitList(line));
	const names = lines.length === 1 ? entries[0]!.length * nodes : entries.reduce((n, e) => n + e.length, 0);
	if (names > MAX_HOST_NAMES)
		throw new PkiError(
			'lab-hosts-invalid',
			`The hosts would make ${plural(names, 'host name')} over ${plural(nodes, 'node')}; a lab takes at most ${count(MAX_HOST_NAMES)}. List fewer names per node.`,
			HOSTS_FIELD
		);
	const result: string[][] = [];
	for (let i = 1; i <= nodes; i++) {
		const line = entries.length === 1 ? entries[0]! : (entries[i - 1] ?? []);
		result.push([...new Set(line.map((entry) => expandEntry(entry, i, nodes)))]);
	}
	return result;
}

/** localhost, 127.0.0.0/8 and ::1: a lab whose every host is one of these runs on one machine. */
export function isLoopback(host: string): boolean {
	const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
	return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
