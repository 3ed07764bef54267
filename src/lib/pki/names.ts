import { PkiError } from './errors';
import { nameRule, refuseHiddenCharacters } from './name-policy';
import { utf8Length } from './utf8-length';

/**
 * A subjectAltName entry (RFC 5280 §4.2.1.6): dNSName, iPAddress, uniformResourceIdentifier, or
 * 'cn': an otherName whose type id is commonName (2.5.4.3), the non-standard name
 * elasticsearch-certutil writes for each instances.yml `cn` entry (CertGenUtils.createCommonName).
 */
export type SubjectAltName =
	| { type: 'dns'; value: string }
	| { type: 'ip'; value: string }
	| { type: 'uri'; value: string }
	| { type: 'cn'; value: string };

/**
 * The last check of a SAN list before it is encoded, whatever produced it (a profile, a CSR, an
 * instances.yml): no control, format or bidi character in any value (pki/name-policy.ts).
 */
export function checkSanValues(sans: readonly SubjectAltName[], field: string): void {
	for (const san of sans) refuseHiddenCharacters('Subject alternative name', san.value, field);
}

/** Hosts are typed separated by commas, spaces or newlines. */
export function splitList(text: string): string[] {
	return text
		.split(/[\s,]+/)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

/**
 * Turns what a user typed into SANs: each entry becomes an IP SAN when it is an IPv4 or IPv6 address
 * and a DNS SAN otherwise, the rule `cockroach cert create-node` applies to its host arguments
 * (pkg/security/x509.go). Something that looks like an address but is not one is refused rather
 * than silently becoming a DNS name.
 */
export function parseHosts(text: string, field = 'hosts'): SubjectAltName[] {
	const entries = splitList(text);
	if (entries.length === 0) {
		throw new PkiError(
			'host-empty',
			'Enter at least one host name or IP address that clients use to reach this node.',
			field
		);
	}
	const seen = new Set<string>();
	const sans: SubjectAltName[] = [];
	for (const entry of entries) {
		const san = parseHost(entry, field);
		const key = `${san.type}:${san.value}`;
		if (!seen.has(key)) {
			seen.add(key);
			sans.push(san);
		}
	}
	return sans;
}

export function parseHost(entry: string, field = 'hosts'): SubjectAltName {
	refuseHiddenCharacters('Host', entry, field, nameRule('dns', 'host').takes);
	const unbracketed = entry.startsWith('[') && entry.endsWith(']') ? entry.slice(1, -1) : entry;
	if (unbracketed.includes(':')) return { type: 'ip', value: formatIpv6(parseIpv6(unbracketed, field)) };
	if (/^[0-9.]+$/.test(entry)) return { type: 'ip', value: formatIpv4(parseIpv4(entry, field)) };
	return { type: 'dns', value: validateDnsName(entry, field) };
}

export function parseIpv4(text: string, field = 'hosts'): Uint8Array {
	const parts = text.split('.');
	if (parts.length !== 4) {
		throw new PkiError(
			'ip-invalid',
			`"${text}" is not an IPv4 address: it needs four numbers separated by dots, like 10.0.0.5.`,
			field
		);
	}
	return Uint8Array.from(
		parts.map((part) => {
			// Leading zeros are refused: some resolvers read 010 as octal 8 (RFC 6943 §3.1.1).
			if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) {
				throw new PkiError(
					'ip-invalid',
					`"${text}" is not an IPv4 address: "${part}" is not a number from 0 to 255.`,
					field
				);
			}
			return Number(part);
		})
	);
}

function formatIpv4(bytes: Uint8Array): string {
	return Array.from(bytes).join('.');
}

/** Parses an IPv6 address (RFC 4291 §2.2), including "::" and an embedded IPv4 tail. */
export function parseIpv6(text: string, field = 'hosts'): Uint8Array {
	const invalid = (why: string) => new PkiError('ip-invalid', `"${text}" is not an IPv6 address: ${why}.`, field);
	if (text.includes('%')) throw invalid('zone identifiers (%eth0) cannot appear in a certificate');
	const halves = text.split('::');
	if (halves.length > 2) throw invalid('"::" may appear only once');
	const groupsOf = (part: string): number[] => {
		if (part === '') return [];
		const out: number[] = [];
		const pieces = part.split(':');
		pieces.forEach((piece, i) => {
			if (i === pieces.length - 1 && piece.includes('.')) {
				const v4 = parseIpv4(piece, field);
				out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
				return;
			}
			if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) throw invalid(`"${piece}" is not a group of 1 to 4 hex digits`);
			out.push(parseInt(piece, 16));
		});
		return out;
	};
	const head = groupsOf(halves[0] ?? '');
	const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
	let groups: number[];
	if (halves.length === 2) {
		if (head.length + tail.length > 7) throw invalid('too many groups around "::"');
		groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
	} else {
		if (head.length !== 8) throw invalid('it needs eight groups, or "::" for a run of zeros');
		groups = head;
	}
	const bytes = new Uint8Array(16);
	groups.forEach((g, i) => {
		bytes[2 * i] = g >> 8;
		bytes[2 * i + 1] = g & 0xff;
	});
	return bytes;
}

/** Canonical text form (RFC 5952): lower case, longest zero run compressed. */
function formatIpv6(bytes: Uint8Array): string {
	const groups: number[] = [];
	for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
	let bestStart = -1;
	let bestLen = 1;
	for (let i = 0; i < 8;) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLen) {
			bestStart = i;
			bestLen = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestStart < 0) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * A DNS SAN must use the preferred name syntax (RFC 5280 §4.2.1.6, RFC 1034 §3.5): letters, digits
 * and hyphens, labels of 1 to 63 characters, 253 in all. A leading "*." wildcard label is allowed.
 */
export function validateDnsName(name: string, field = 'hosts'): string {
	refuseHiddenCharacters('Host name', name, field, nameRule('dns', 'host').takes);
	const lower = name.toLowerCase().replace(/\.$/, '');
	const fail = (why: string) => new PkiError('host-invalid', `"${name}" is not a valid host name: ${why}.`, field);
	if (lower.length > 253) throw fail('it is longer than 253 characters');
	const labels = lower.split('.');
	labels.forEach((label, i) => {
		if (i === 0 && label === '*' && labels.length > 1) return;
		if (label.length === 0) throw fail('it has an empty label (two dots in a row, or a leading dot)');
		if (label.length > 63) throw fail(`the label "${label}" is longer than 63 characters`);
		if (!/^[a-z0-9-]+$/.test(label)) {
			throw fail(`"${label}" may contain only letters, digits and hyphens`);
		}
		if (label.startsWith('-') || label.endsWith('-')) throw fail(`the label "${label}" starts or ends with a hyphen`);
	});
	return lower;
}

/**
 * CockroachDB's rule for user names, used for client.<user>.crt (pkg/security/username/username.go,
 * ValidateForCreation): the name is case-folded and NFC-normalised, must start with a lower-case
 * letter, digit or underscore, may contain letters, digits, dashes, periods and underscores, and
 * must not exceed 63 bytes.
 */
export function normalizeCockroachUsername(input: string, field = 'username'): string {
	refuseHiddenCharacters('User name', input.trim(), field, nameRule('cockroachdb', 'user').takes);
	const name = input.trim().normalize('NFC').toLowerCase();
	const help =
		'CockroachDB user names must start with a letter, digit or underscore, may contain ' +
		'letters, digits, dashes, periods or underscores, and must not exceed 63 characters.';
	if (name.length === 0) throw new PkiError('username-invalid', `Enter a SQL user name. ${help}`, field);
	if (utf8Length(name) > 63) {
		throw new PkiError('username-invalid', `"${input.trim()}" is too long. ${help}`, field);
	}
	if (!/^[\p{Ll}0-9_][\p{Ll}0-9_.-]*$/u.test(name)) {
		const bad = /^[\p{Ll}0-9_]/u.test(name)
			? `it contains "${[...name].find((c) => !/[\p{Ll}0-9_.-]/u.test(c))}"`
			: `it starts with "${[...name][0]}"`;
		throw new PkiError('username-invalid', `"${input.trim()}" is not a valid user name: ${bad}. ${help}`, field);
	}
	return name;
}
