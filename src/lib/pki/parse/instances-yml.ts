import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { isPkiError } from '../errors';
import type { SubjectAltName } from '../names';
import { instanceCn, instanceDns, instanceFilename, instanceIp, instanceSans, instanceSubject } from '../profiles/elasticsearch-rules';

/**
 * Reads an instances.yml in elasticsearch-certutil's --in schema (CertificateTool.java,
 * CertificateToolParser): a top-level `instances:` list whose items have `name` (required, text),
 * `filename` (text), and `ip`, `dns`, `cn` (lists of text; a single value counts as a list of one,
 * as ObjectParser's declareStringArray takes it). Unknown keys are refused, as ObjectParser does.
 * Each instance is then checked the way CertificateInformation.validate checks it (shared rules in
 * profiles/elasticsearch-rules.ts). Every problem is reported with its line and its path, e.g.
 * `line 7, instances[2].ip[0]: "10.0.0.300" is not an IPv4 address: ...`, all at once.
 * Pure: no DOM, runs in Node, the page and a worker.
 *
 * Why `yaml` (29 KiB gzip on the page) and not js-yaml 4 (14 KiB): js-yaml words its syntax errors
 * differently ("duplicated mapping key" for "Map keys must be unique") and gives no node positions
 * except through its undocumented `listener` option. Parser/Composer from `yaml` instead of
 * parseDocument save under 1 KiB: the Document, schema and stringify code stay.
 */

export interface Instance {
	name: string;
	filename: string;
	dns: string[];
	ip: string[];
	cn: string[];
	/** Line of the instance's list item, 1-based. */
	line: number;
}

export interface InstancesProblem {
	line: number;
	/** Where in the document, e.g. "instances[2].ip[0]"; empty for the document itself. */
	path: string;
	message: string;
}

export type InstancesResult = { ok: true; instances: Instance[] } | { ok: false; problems: InstancesProblem[] };

/** More text than any real instances.yml; refused before the YAML parser sees it. */
export const MAX_INSTANCES_YML_BYTES = 1_000_000;
export const MAX_INSTANCES = 1000;
const MAX_PROBLEMS = 50;
const KEYS = new Set(['name', 'filename', 'ip', 'dns', 'cn']);

export function formatProblem(p: InstancesProblem): string {
	return `line ${p.line}${p.path ? `, ${p.path}` : ''}: ${p.message}`;
}

export function parseInstancesYml(text: string): InstancesResult {
	if (text.length > MAX_INSTANCES_YML_BYTES) {
		return { ok: false, problems: [{ line: 1, path: '', message: `The file is larger than ${MAX_INSTANCES_YML_BYTES / 1_000_000} MB; an instances.yml is a few lines per node.` }] };
	}
	const lineCounter = new LineCounter();
	const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
	const problems: InstancesProblem[] = [];
	const lineOf = (node: Node | null | undefined, fallback = 1) => (node?.range ? lineCounter.linePos(node.range[0]).line : fallback);
	const add = (node: Node | null | undefined, path: string, message: string) => problems.push({ line: lineOf(node), path, message });

	// An error found at the end of the text (an unclosed quote) points at the last line with text.
	const lastLine = text.trimEnd().split('\n').length;
	for (const error of doc.errors) {
		problems.push({ line: Math.min(lineCounter.linePos(error.pos[0]).line, lastLine), path: '', message: `This is not valid YAML: ${error.message.split('\n')[0]}` });
	}
	if (problems.length > 0) return { ok: false, problems };

	const root = doc.contents;
	const list = isMap(root) ? root.get('instances', true) : undefined;
	if (!isMap(root) || !list) {
		add(root, '', 'The file must have a top-level "instances:" list, as elasticsearch-certutil --in expects.');
		return { ok: false, problems };
	}
	for (const pair of root.items) {
		const key = isScalar(pair.key) ? String(pair.key.value) : '';
		if (key !== 'instances') add(pair.key as Node, key, `Unknown top-level key "${key}": only "instances" is allowed.`);
	}
	if (!isSeq(list) || list.items.length === 0) {
		add(list, 'instances', 'Must be a list of instances, each starting with "- name: ...".');
		return { ok: false, problems };
	}
	if (list.items.length > MAX_INSTANCES) {
		add(list, 'instances', `Lists ${list.items.length} instances; one bundle holds at most ${MAX_INSTANCES}.`);
		return { ok: false, problems };
	}

	const instances: Instance[] = [];
	const filenames = new Map<string, string>();
	list.items.forEach((item, index) => {
		const at = `instances[${index}]`;
		const instance = readInstance(item as Node, at, add, lineOf);
		if (!instance) return;
		const first = filenames.get(instance.filename);
		if (first) add(item as Node, `${at}.filename`, `"${instance.filename}" is already the folder of ${first}: every instance needs its own filename.`);
		else filenames.set(instance.filename, at);
		instances.push(instance);
	});
	if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS) };
	return { ok: true, instances };
}

type Add = (node: Node | null | undefined, path: string, message: string) => void;

function readInstance(item: Node, at: string, add: Add, lineOf: (n: Node | null | undefined) => number): Instance | null {
	if (!isMap(item)) {
		add(item, at, 'Each instance must be a mapping such as "- name: node-1".');
		return null;
	}
	const before = { count: 0 };
	const addCounted: Add = (n, p, m) => {
		before.count++;
		add(n, p, m);
	};
	const fields = new Map<string, Node>();
	for (const pair of item.items) {
		const key = isScalar(pair.key) ? String(pair.key.value) : '';
		if (!KEYS.has(key)) addCounted(pair.key as Node, `${at}.${key}`, `Unknown key "${key}": an instance has name, filename, ip, dns and cn.`);
		else fields.set(key, (pair.value ?? pair.key) as Node);
	}
	const name = text(fields.get('name'), `${at}.name`, addCounted, true);
	const filenameText = text(fields.get('filename'), `${at}.filename`, addCounted, false);
	const lists = { ip: strings(fields.get('ip'), `${at}.ip`, addCounted), dns: strings(fields.get('dns'), `${at}.dns`, addCounted), cn: strings(fields.get('cn'), `${at}.cn`, addCounted) };
	if (name === null) {
		if (!fields.has('name')) addCounted(item, `${at}.name`, 'Every instance needs a name.');
		return null;
	}

	const check = <T>(node: Node | undefined, path: string, fn: () => T): T | null => {
		try {
			return fn();
		} catch (error) {
			if (!isPkiError(error)) throw error;
			addCounted(node, path, error.message);
			return null;
		}
	};
	const named = check(fields.get('name'), `${at}.name`, () => instanceSubject(name, 'name')) !== null;
	const filename = !named ? null : check(fields.get(filenameText === null ? 'name' : 'filename'), `${at}.filename`, () => instanceFilename(name, filenameText ?? undefined, 'filename'));
	const sans = (key: 'ip' | 'dns' | 'cn', parse: (v: string, f: string) => SubjectAltName) =>
		lists[key].map((e, i) => check(e.node, `${at}.${key}[${i}]`, () => parse(e.value, key))).filter((s): s is SubjectAltName => s !== null);
	const ips = sans('ip', instanceIp);
	const dns = sans('dns', instanceDns);
	const cns = sans('cn', instanceCn);
	if (before.count === 0) check(item, at, () => instanceSans(dns, ips, cns, 'dns'));
	if (before.count > 0 || filename === null) return null;
	return { name, filename, ip: ips.map((s) => s.value), dns: dns.map((s) => s.value), cn: cns.map((s) => s.value), line: lineOf(item) };
}

/** A text value: a plain or quoted string scalar (ObjectParser.declareString takes strings only). */
function text(node: Node | undefined, path: string, add: Add, required: boolean): string | null {
	if (node === undefined) return null;
	if (isScalar(node) && typeof node.value === 'string') return node.value;
	if (isScalar(node) && node.value === null && !required) return null;
	add(node, path, isScalar(node) && node.value !== null ? `Must be text; put quotes around ${String(node.value)}.` : 'Must be text.');
	return null;
}

/** A list of text values, or one text value as a list of one. */
function strings(node: Node | undefined, path: string, add: Add): { value: string; node: Node }[] {
	if (node === undefined || (isScalar(node) && node.value === null)) return [];
	if (isScalar(node)) {
		const value = text(node, path, add, true);
		return value === null ? [] : [{ value, node }];
	}
	if (!isSeq(node)) {
		add(node, path, 'Must be a list, such as [ "10.0.0.1", "10.0.0.2" ].');
		return [];
	}
	return node.items.flatMap((item, i) => {
		const value = text(item as Node, `${path}[${i}]`, add, true);
		// eslint-disable-next-line no-control-regex
		if (value !== null && /[\u0000-\u001f\u007f]/.test(value)) {
			add(item as Node, `${path}[${i}]`, 'Contains a line break or control character.');
			return [];
		}
		return value === null ? [] : [{ value, node: item as Node }];
	});
}
