import {
	constructFromEvents,
	CORE_SCHEMA,
	EVENT_ID,
	parseEvents,
	realMapTag,
	YAMLException,
	type Event
} from 'js-yaml';
import { isPkiError } from '../errors';
import type { SubjectAltName } from '../names';
import {
	instanceCn,
	instanceDns,
	instanceFilename,
	instanceIp,
	instanceSans,
	instanceSubject
} from '../profiles/elasticsearch/instance-rules';

/**
 * Reads an instances.yml in elasticsearch-certutil's --in schema (CertificateTool.java,
 * CertificateToolParser): a top-level `instances:` list whose items have `name` (required, text),
 * `filename` (text), and `ip`, `dns`, `cn` (lists of text; a single value counts as a list of one,
 * as ObjectParser's declareStringArray takes it). Unknown keys are refused, as ObjectParser does.
 * Each instance is then checked the way CertificateInformation.validate checks it (shared rules in
 * profiles/elasticsearch/instance-rules.ts). Every problem is reported with its line and its path, e.g.
 * `line 7, instances[2].ip[0]: "10.0.0.300" is not an IPv4 address: ...`, all at once.
 * Pure: no DOM, runs in Node, the page and a worker.
 *
 * Parsing is js-yaml 5's two public stages: `parseEvents` gives the YAML event stream (YAML 1.2
 * §3.1, the serialization tree) with every node's source offset, and `constructFromEvents` the values
 * under the core schema. realMapTag makes each mapping a Map, whose entries keep the order of the
 * events, so the two can be walked together into nodes that carry both a value and a line (yamlNode).
 * That is 13 KiB gzip on the page where the `yaml` package's Document API was 29.
 */

/** A node of the document: the value js-yaml constructed and the offset of the text it came from. */
type YamlNode =
	| { kind: 'scalar'; value: unknown; offset: number }
	| { kind: 'sequence'; items: YamlNode[]; offset: number }
	| { kind: 'mapping'; pairs: { key: YamlNode; value: YamlNode }[]; offset: number };

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
/** instances.yml nests four levels (document, instances list, instance, ip list); js-yaml's default is 100. */
export const MAX_YAML_DEPTH = 16;
const MAX_PROBLEMS = 50;
const KEYS = new Set(['name', 'filename', 'ip', 'dns', 'cn']);

export function formatProblem(p: InstancesProblem): string {
	return `line ${p.line}${p.path ? `, ${p.path}` : ''}: ${p.message}`;
}

export function parseInstancesYml(text: string): InstancesResult {
	if (text.length > MAX_INSTANCES_YML_BYTES) {
		return {
			ok: false,
			problems: [
				{
					line: 1,
					path: '',
					message: `The file is larger than ${MAX_INSTANCES_YML_BYTES / 1_000_000} MB; an instances.yml is a few lines per node.`
				}
			]
		};
	}
	const lineOf = lineCounter(text);
	const problems: InstancesProblem[] = [];
	const add: Add = (node, path, message) => problems.push({ line: node ? lineOf(node.offset) : 1, path, message });

	const read = readDocument(text);
	if ('error' in read) {
		// An error found at the end of the text (an unclosed quote) points at the last line with text.
		const lastLine = text.trimEnd().split('\n').length;
		return {
			ok: false,
			problems: [{ line: Math.min(read.offset < 0 ? 1 : lineOf(read.offset), lastLine), path: '', message: read.error }]
		};
	}

	const root = read.root;
	const list =
		root?.kind === 'mapping' ? root.pairs.find((pair) => keyText(pair.key) === 'instances')?.value : undefined;
	if (root?.kind !== 'mapping' || !list) {
		add(root, '', 'The file must have a top-level "instances:" list, as elasticsearch-certutil --in expects.');
		return { ok: false, problems };
	}
	for (const pair of root.pairs) {
		const key = keyText(pair.key);
		if (key !== 'instances') add(pair.key, key, `Unknown top-level key "${key}": only "instances" is allowed.`);
	}
	if (list.kind !== 'sequence' || list.items.length === 0) {
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
		const instance = readInstance(item, at, add, lineOf);
		if (!instance) return;
		const first = filenames.get(instance.filename);
		if (first)
			add(
				item,
				`${at}.filename`,
				`"${instance.filename}" is already the folder of ${first}: every instance needs its own filename.`
			);
		else filenames.set(instance.filename, at);
		instances.push(instance);
	});
	if (problems.length > 0)
		return { ok: false, problems: problems.sort((a, b) => a.line - b.line).slice(0, MAX_PROBLEMS) };
	return { ok: true, instances };
}

/** 1-based line of a source offset, by binary search over the offsets where lines start. */
function lineCounter(text: string): (offset: number) => number {
	const starts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return (offset) => {
		let low = 0;
		let high = starts.length - 1;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid]! <= offset) low = mid;
			else high = mid - 1;
		}
		return low + 1;
	};
}

type ReadDocument = { root: YamlNode | undefined } | { error: string; offset: number };

/**
 * The one YAML document of the text as nodes, or the first error with its offset. Aliases (`*name`)
 * are refused before anything is built: a list reached through them many times would be checked as
 * many times (the "billion laughs" of nested aliases), and instances.yml files written for
 * elasticsearch-certutil spell their values out.
 */
function readDocument(text: string): ReadDocument {
	let events: Event[];
	let documents: unknown[];
	try {
		events = parseEvents(text, { maxDepth: MAX_YAML_DEPTH });
		const alias = events.find((event) => event.type === EVENT_ID.ALIAS);
		if (alias)
			return {
				error: `The alias *${text.slice(alias.anchorStart, alias.anchorEnd)} is not supported here: write the value out in full.`,
				offset: alias.anchorStart
			};
		documents = constructFromEvents(events, { source: text, schema: CORE_SCHEMA.withTags(realMapTag) });
	} catch (error) {
		// js-yaml's documentation for load: "All exceptions MUST be caught, not just YAMLException".
		if (error instanceof YAMLException && /maxDepth/.test(error.reason))
			return {
				error: `The YAML nests deeper than ${MAX_YAML_DEPTH} levels; an instances.yml nests four.`,
				offset: error.mark?.position ?? -1
			};
		if (error instanceof YAMLException)
			return { error: `This is not valid YAML: ${error.reason}`, offset: error.mark?.position ?? -1 };
		return { error: `This is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, offset: -1 };
	}
	if (documents.length > 1)
		return {
			error: 'The file holds more than one YAML document (a second "---"); an instances.yml is one.',
			offset: -1
		};
	if (documents.length === 0) return { root: undefined };
	// events[0] opens the document; its content node follows.
	return { root: yamlNode(events, { next: 1 }, documents[0], 0) };
}

/**
 * Builds the node that starts at events[cursor.next] from the value js-yaml constructed for it, and
 * moves the cursor past it. `fallback` is the offset used by an empty scalar, which has none of its
 * own (`filename:` with nothing after it): the key's, or the list's.
 */
function yamlNode(events: Event[], cursor: { next: number }, value: unknown, fallback: number): YamlNode {
	const event = events[cursor.next++]!;
	if (event.type === EVENT_ID.MAPPING && value instanceof Map) {
		const pairs: { key: YamlNode; value: YamlNode }[] = [];
		for (const [key, entry] of value) {
			const keyNode = yamlNode(events, cursor, key, event.start);
			pairs.push({ key: keyNode, value: yamlNode(events, cursor, entry, keyNode.offset) });
		}
		cursor.next++; // the mapping's POP
		return { kind: 'mapping', pairs, offset: event.start };
	}
	if (event.type === EVENT_ID.SEQUENCE && Array.isArray(value)) {
		const items = value.map((item) => yamlNode(events, cursor, item, event.start));
		cursor.next++; // the sequence's POP
		return { kind: 'sequence', items, offset: event.start };
	}
	if (event.type === EVENT_ID.SCALAR)
		return { kind: 'scalar', value, offset: event.valueStart >= 0 ? event.valueStart : fallback };
	// The core schema builds a Map for every mapping and an Array for every sequence, and aliases were
	// refused, so the events and the values always agree; anything else is a bug here, not in the input.
	throw new Error(`instances.yml: event ${event.type} does not match the value js-yaml built`);
}

/** A mapping key as text: a scalar's value, or '' for the rare collection used as a key. */
function keyText(key: YamlNode): string {
	return key.kind === 'scalar' ? String(key.value) : '';
}

type Add = (node: YamlNode | undefined, path: string, message: string) => void;

function readInstance(item: YamlNode, at: string, add: Add, lineOf: (offset: number) => number): Instance | null {
	if (item.kind !== 'mapping') {
		add(item, at, 'Each instance must be a mapping such as "- name: node-1".');
		return null;
	}
	const before = { count: 0 };
	const addCounted: Add = (n, p, m) => {
		before.count++;
		add(n, p, m);
	};
	const fields = new Map<string, YamlNode>();
	for (const pair of item.pairs) {
		const key = keyText(pair.key);
		if (!KEYS.has(key))
			addCounted(pair.key, `${at}.${key}`, `Unknown key "${key}": an instance has name, filename, ip, dns and cn.`);
		else fields.set(key, pair.value);
	}
	const name = text(fields.get('name'), `${at}.name`, addCounted, true);
	const filenameText = text(fields.get('filename'), `${at}.filename`, addCounted, false);
	const lists = {
		ip: strings(fields.get('ip'), `${at}.ip`, addCounted),
		dns: strings(fields.get('dns'), `${at}.dns`, addCounted),
		cn: strings(fields.get('cn'), `${at}.cn`, addCounted)
	};
	if (name === null) {
		if (!fields.has('name')) addCounted(item, `${at}.name`, 'Every instance needs a name.');
		return null;
	}

	const check = <T>(node: YamlNode | undefined, path: string, fn: () => T): T | null => {
		try {
			return fn();
		} catch (error) {
			if (!isPkiError(error)) throw error;
			addCounted(node, path, error.message);
			return null;
		}
	};
	const named = check(fields.get('name'), `${at}.name`, () => instanceSubject(name, 'name')) !== null;
	const filename = !named
		? null
		: check(fields.get(filenameText === null ? 'name' : 'filename'), `${at}.filename`, () =>
				instanceFilename(name, filenameText ?? undefined, 'filename')
			);
	const sans = (key: 'ip' | 'dns' | 'cn', parse: (v: string, f: string) => SubjectAltName) =>
		lists[key]
			.map((e, i) => check(e.node, `${at}.${key}[${i}]`, () => parse(e.value, key)))
			.filter((s): s is SubjectAltName => s !== null);
	const ips = sans('ip', instanceIp);
	const dns = sans('dns', instanceDns);
	const cns = sans('cn', instanceCn);
	if (before.count === 0) check(item, at, () => instanceSans(dns, ips, cns, 'dns'));
	if (before.count > 0 || filename === null) return null;
	return {
		name,
		filename,
		ip: ips.map((s) => s.value),
		dns: dns.map((s) => s.value),
		cn: cns.map((s) => s.value),
		line: lineOf(item.offset)
	};
}

/** A text value: a plain or quoted string scalar (ObjectParser.declareString takes strings only). */
function text(node: YamlNode | undefined, path: string, add: Add, required: boolean): string | null {
	if (node === undefined) return null;
	if (node.kind === 'scalar' && typeof node.value === 'string') return node.value;
	if (node.kind === 'scalar' && node.value === null && !required) return null;
	add(
		node,
		path,
		node.kind === 'scalar' && node.value !== null
			? `Must be text; put quotes around ${String(node.value)}.`
			: 'Must be text.'
	);
	return null;
}

/** A list of text values, or one text value as a list of one. */
function strings(node: YamlNode | undefined, path: string, add: Add): { value: string; node: YamlNode }[] {
	if (node === undefined || (node.kind === 'scalar' && node.value === null)) return [];
	if (node.kind === 'scalar') {
		const value = text(node, path, add, true);
		return value === null ? [] : [{ value, node }];
	}
	if (node.kind !== 'sequence') {
		add(node, path, 'Must be a list, such as [ "10.0.0.1", "10.0.0.2" ].');
		return [];
	}
	return node.items.flatMap((item, i) => {
		const value = text(item, `${path}[${i}]`, add, true);
		// eslint-disable-next-line no-control-regex
		if (value !== null && /[\u0000-\u001f\u007f]/.test(value)) {
			add(item, `${path}[${i}]`, 'Contains a line break or control character.');
			return [];
		}
		return value === null ? [] : [{ value, node: item }];
	});
}
