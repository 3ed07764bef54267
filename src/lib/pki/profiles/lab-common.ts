import { PkiError } from '../errors';
import { FALLBACK_RULE, refuseHiddenCharacters } from '../name-policy';
import { parseHost, splitList } from '../names';
import type { LabNode, LabPlan } from './profile';

/**
 * A client user name that becomes a certificate's CN and a file name: letters, digits and . _ - @.
 * Narrower than PostgreSQL role names or etcd user names allow, so the CN, the file name and the
 * role stay the same string without quoting.
 */
export function plainUser(input: string, field: string): string {
	const user = input.trim();
	refuseHiddenCharacters('User name', user, field, FALLBACK_RULE.takes);
	if (!/^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,62}$/.test(user)) {
		throw new PkiError(
			'username-invalid',
			`"${user}" cannot be a user here: use 1 to 63 letters, digits, _ . @ or -, not starting with . @ or -.`,
			field
		);
	}
	return user;
}

/** One entry of a field that takes exactly one user (a libpq ~/.postgresql holds one identity). */
export function singleUser(text: string, field: string, why: string): string {
	const entries = splitList(text);
	if (entries.length !== 1) throw new PkiError('username-invalid', `Enter exactly one user: ${why}`, field);
	return plainUser(entries[0] ?? '', field);
}

const addresses = new WeakMap<LabNode, string>();

/**
 * The address a node is reached at: its first IP address, else its first name. Remembered per node:
 * configs that list every member (etcd --initial-cluster, Consul retry_join) ask for each node's
 * address once per node, which for a 1,000-node lab is a million host parses.
 */
export function nodeAddress(node: LabNode): string {
	let address = addresses.get(node);
	if (address === undefined) {
		address = node.hosts.find((h) => parseHostSafe(h) === 'ip') ?? node.hosts[0] ?? 'localhost';
		addresses.set(node, address);
	}
	return address;
}

const planValues = new WeakMap<LabPlan, Map<unknown, unknown>>();

/**
 * A value computed once per lab plan, such as the member list every node's config repeats: built
 * per node it would make a 1,000-node lab quadratic in work as well as in output. `key` names the
 * value; a ports function as key keeps the start script's and the snippets' lists apart.
 */
export function perPlan<T>(plan: LabPlan, key: unknown, compute: () => T): T {
	let values = planValues.get(plan);
	if (!values) planValues.set(plan, (values = new Map()));
	if (!values.has(key)) values.set(key, compute());
	return values.get(key) as T;
}

function parseHostSafe(host: string): string | null {
	try {
		return parseHost(host).type;
	} catch {
		return null;
	}
}

/** The IP a server binds: its address when that is an IP, else every interface (or loopback in a localhost lab). */
export function bindAddress(node: LabNode, plan: LabPlan): string {
	const address = nodeAddress(node);
	if (parseHostSafe(address) === 'ip') return address;
	return plan.localhost ? '127.0.0.1' : '0.0.0.0';
}

/** In a localhost lab every node needs its own ports: node i gets base + (i - 1) × stride. */
export function portOf(plan: LabPlan, node: LabNode, base: number, stride = 1): number {
	return plan.localhost ? base + (node.index - 1) * stride : base;
}

/** Brackets an IPv6 address for a URL or host:port. */
export function hostPort(host: string, port: number | string): string {
	return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The opening of every start script: bash strict mode, run from the folder the zip was unzipped into. */
export function scriptHeader(title: string, lines: readonly string[]): string {
	return [
		'#!/usr/bin/env bash',
		`# ${title}`,
		...lines.map((l) => `# ${l}`),
		'set -euo pipefail',
		'cd "$(dirname "$0")"',
		''
	].join('\n');
}

/**
 * One shell word, single-quoted (POSIX Shell Command Language §2.2.3: nothing inside single quotes
 * is special; a ' is written as '\''). Names reach scripts only after the name policy accepted
 * them; quoting them anyway means a rule that is widened later cannot turn a name into a command.
 */
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", "'\\''")}'`;
}
