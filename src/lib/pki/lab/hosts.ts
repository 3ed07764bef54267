import { PkiError } from '../errors';
import { splitList } from '../names';

/** The lab form's hosts field: its PkiErrors land next to it. */
export const HOSTS_FIELD = 'lab-hosts';

const RANGE = /\{(\d+)\.\.(\d+)\}/g;

/**
 * Expands one brace range the way bash does for `{a..b}` (ascending or descending; `{01..05}` keeps
 * the width of a zero-padded bound), one value per node.
 */
function rangeValues(start: string, end: string): string[] {
	const from = Number(start);
	const to = Number(end);
	const width = /^0\d/.test(start) || /^0\d/.test(end) ? Math.max(start.length, end.length) : 0;
	const step = from <= to ? 1 : -1;
	const values: string[] = [];
	for (let n = from; ; n += step) {
		values.push(String(n).padStart(width, '0'));
		if (n === to) break;
	}
	return values;
}

/**
 * One entry of the hosts field for node `i` (1-based): `{i}` is the node number, `{a..b}` gives
 * the i-th value of the range (so it must have one value per node), anything else goes to every node.
 */
function expandEntry(entry: string, i: number, nodes: number): string {
	const withNumber = entry.replaceAll('{i}', String(i));
	return withNumber.replace(RANGE, (whole, start: string, end: string) => {
		const values = rangeValues(start, end);
		if (values.length !== nodes) {
			throw new PkiError(
				'lab-hosts-invalid',
				`"${whole}" in "${entry}" gives ${values.length} ` +
					`value${values.length === 1 ? '' : 's'}, but the lab has ${nodes} ` +
					`node${nodes === 1 ? '' : 's'}: a range needs one value per node.`,
				HOSTS_FIELD
			);
		}
		return values[i - 1] ?? '';
	});
}

/**
 * The hosts of every node, from what was typed in the lab form:
 * - one line is a pattern for all nodes: `node{1..3}.lab.internal, 10.20.0.{11..13}, localhost`
 *   gives node 2 `node2.lab.internal, 10.20.0.12, localhost`;
 * - several lines are a list, line k being node k's hosts (patterns still apply within a line).
 * Only the text is expanded here; each host is checked as a SAN when the certificate is prepared.
 */
export function expandHosts(text: string, nodes: number): string[][] {
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
	const result: string[][] = [];
	for (let i = 1; i <= nodes; i++) {
		const line = lines.length === 1 ? lines[0] : lines[i - 1];
		const hosts = splitList(line ?? '').map((entry) => expandEntry(entry, i, nodes));
		result.push([...new Set(hosts)]);
	}
	return result;
}

/** localhost, 127.0.0.0/8 and ::1: a lab whose every host is one of these runs on one machine. */
export function isLoopback(host: string): boolean {
	const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
	return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
