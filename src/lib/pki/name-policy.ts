import { PkiError } from './errors';
import { utf8Length } from './utf8-length';

/**
 * One policy for every string a user or a file gives that becomes a file name, a zip path, a DN
 * attribute, a SAN, a config value or a word in a script.
 *
 * 1. Everywhere: no control characters (Unicode general category Cc: NUL, newline, ESC, DEL …),
 *    no format characters (Cf: the bidirectional embeddings and overrides U+202A–U+202E and
 *    isolates U+2066–U+2069, zero-width spaces and joiners, the BOM), and no line or paragraph
 *    separators (Zl, Zp: YAML 1.1 and JavaScript read U+2028/U+2029 as line breaks). A newline turns
 *    a name into a second line of a config file; a right-to-left override makes "exe.txt" read as
 *    "txt.exe" (Unicode Technical Report #36, section 2.1 "Bidirectional Text Spoofing").
 * 2. Per system and field: the characters and the length that system's own rule allows, each rule
 *    citing where that rule is written (RULES below).
 *
 * `checkName(system, field, value)` applies both and returns the value; profiles (also the ones
 * added later under pki/profiles/) call it for each name they take from a form or a file.
 */

/** Cc, Cf, Zl and Zp, matched one code point at a time. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Names for the characters people meet in attacks, so the message says what was found. */
const KNOWN: Readonly<Record<number, string>> = {
	0x00: 'a NUL',
	0x09: 'a tab',
	0x0a: 'a line break',
	0x0d: 'a carriage return',
	0x1b: 'an escape character',
	0x7f: 'a delete character',
	0x200b: 'a zero-width space',
	0x200c: 'a zero-width non-joiner',
	0x200d: 'a zero-width joiner',
	0x200e: 'a left-to-right mark',
	0x200f: 'a right-to-left mark',
	0x2028: 'a line separator',
	0x2029: 'a paragraph separator',
	0x202a: 'a left-to-right embedding',
	0x202b: 'a right-to-left embedding',
	0x202c: 'a pop directional formatting',
	0x202d: 'a left-to-right override',
	0x202e: 'a right-to-left override',
	0x2066: 'a left-to-right isolate',
	0x2067: 'a right-to-left isolate',
	0x2068: 'a first strong isolate',
	0x2069: 'a pop directional isolate',
	0xfeff: 'a zero-width no-break space (byte order mark)'
};

/** "U+202E". */
function codePoint(char: string): string {
	return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+202E (a right-to-left override)". */
export function describeCharacter(char: string): string {
	const cp = char.codePointAt(0) ?? 0;
	const hex = codePoint(char);
	const what =
		KNOWN[cp] ??
		(/\p{Cc}/u.test(char)
			? 'a control character'
			: /\p{Cf}/u.test(char)
				? 'an invisible formatting character'
				: /\s/u.test(char)
					? 'a space character'
					: `"${char}"`);
	return `${hex} (${what})`;
}

const SHOWN = 40;

/**
 * The value as a message may quote it: hidden characters written as <U+XXXX>, so a message never
 * carries a line break or reorders itself, and cut after 40 characters.
 */
export function quoteName(value: string): string {
	const chars = [...value];
	const shown = chars
		.slice(0, SHOWN)
		.map((c) => (HIDDEN.test(c) ? `<${codePoint(c)}>` : c))
		.join('');
	return `"${shown}${chars.length > SHOWN ? '…' : ''}"`;
}

/** The first control, format or separator character of a value, if any. */
export function hiddenCharacter(value: string): string | undefined {
	const m = HIDDEN.exec(value);
	return m ? String.fromCodePoint(m[0].codePointAt(0) ?? 0) : undefined;
}

/**
 * Refuses a control, format or separator character anywhere in a value: rule 1 above, for every
 * field. `label` names the field in the message ("Node name"), `allowed` says what it does take.
 */
export function refuseHiddenCharacters(label: string, value: string, formField: string, allowed?: string): void {
	const char = hiddenCharacter(value);
	if (char === undefined) return;
	throw new PkiError(
		'name-character-forbidden',
		`${label} ${quoteName(value)}: ${describeCharacter(char)} is not allowed${allowed ? `; ${allowed}` : ''}. ` +
			'Retype the name without it (it may have come in with a copy and paste).',
		formField
	);
}

/** A system's rule for one kind of name. */
export interface NameRule {
	/** Names the field in messages: "Node name". */
	label: string;
	/** Every character must match. */
	char: RegExp;
	/** The first character must also match, when the rule says so. */
	first?: RegExp;
	/** Characters, or UTF-8 bytes where the system counts bytes. */
	max: number;
	unit: 'characters' | 'bytes';
	/** What the field takes, in words, and the rule's source: "node names take … (Consul …)". */
	takes: string;
	/** The code of a refusal other than a hidden character. */
	code: 'name-invalid' | 'username-invalid' | 'host-invalid';
}

/** A name that becomes a file or folder name, a CN and a script word unquoted by other tools: the portable set. */
const PORTABLE_USER = /[A-Za-z0-9_.@-]/;
const PORTABLE_FIRST = /[A-Za-z0-9_]/;

const portableUser = (label: string, source: string): NameRule => ({
	label,
	char: PORTABLE_USER,
	first: PORTABLE_FIRST,
	max: 63,
	unit: 'bytes',
	takes: `${label.toLowerCase()}s take letters, digits, '_', '.', '@' and '-', not starting with '.', '@' or '-', at most 63 (${source})`,
	code: 'username-invalid'
});

/**
 * Per system, per field. Each `takes` cites the rule of the system that reads the name:
 * - CockroachDB user names: pkg/security/username/username.go (ValidateForCreation: letters, digits,
 *   '_', '.', '-', starting with a letter, digit or '_', at most 63 bytes after case folding).
 * - Consul node names: the agent warns that a node_name with characters other than letters, digits
 *   and '-', or longer than 63 bytes, is not discoverable through DNS (hashicorp/consul
 *   agent/config/builder.go); '.' joins DNS labels, as `consul tls cert create -node` writes the name
 *   into the SAN <node>.server.<dc>.<domain>.
 * - Consul datacenters: a DNS label (consul docs, agent configuration "datacenter").
 * - Elasticsearch instance names: any text Java's X500Principal reads as CN=<name> or a DN
 *   (elastic/elasticsearch x-pack/plugin/security/cli CertificateTool.java, Name.fromUserProvidedName),
 *   at most 64 characters (ub-common-name, RFC 5280 Appendix A.1).
 * - etcd member names go into --name and the --initial-cluster name=URL list; PostgreSQL role names
 *   are identifiers of at most NAMEDATALEN - 1 = 63 bytes (PostgreSQL docs, "Identifiers and Key
 *   Words"); both are held to the portable set so the CN, the file name and the role stay one string.
 * - DNS names: RFC 1035 §2.3.1 and RFC 1123 §2.1 (letters, digits, '-', labels of 1 to 63, 253 in all).
 */
export const RULES: Readonly<Record<string, Readonly<Record<string, NameRule>>>> = {
	cockroachdb: {
		user: {
			label: 'User name',
			char: /[\p{L}\p{N}_.-]/u,
			first: /[\p{L}\p{N}_]/u,
			max: 63,
			unit: 'bytes',
			takes:
				"CockroachDB user names take letters, digits, '_', '.' and '-', start with a letter, digit or '_', at most 63 bytes (pkg/security/username/username.go)",
			code: 'username-invalid'
		}
	},
	consul: {
		node: {
			label: 'Node name',
			char: /[A-Za-z0-9.-]/,
			max: 63,
			unit: 'bytes',
			takes: "node names take letters, digits, '-' and '.' (Consul node names are DNS labels, at most 63)",
			code: 'host-invalid'
		},
		user: {
			label: 'Client agent name',
			char: /[A-Za-z0-9-]/,
			max: 63,
			unit: 'bytes',
			takes: "client agent names take letters, digits and '-' (Consul node names are DNS labels, at most 63)",
			code: 'name-invalid'
		},
		datacenter: {
			label: 'Datacenter',
			char: /[A-Za-z0-9-]/,
			max: 63,
			unit: 'bytes',
			takes: "datacenters take letters, digits and '-' (a Consul datacenter is a DNS label, at most 63)",
			code: 'name-invalid'
		}
	},
	elasticsearch: {
		instance: {
			label: 'Instance name',
			char: /[^]/u,
			max: 64,
			unit: 'characters',
			takes:
				"instance names become the certificate's CN, at most 64 characters (elasticsearch-certutil, RFC 5280 ub-common-name)",
			code: 'name-invalid'
		}
	},
	etcd: {
		member: portableUser('Member name', 'etcd --name'),
		user: portableUser('User name', 'etcd users are the client certificate CN')
	},
	postgresql: { user: portableUser('User name', 'PostgreSQL role names, NAMEDATALEN - 1') },
	mtls: { user: portableUser('Client name', 'the CN and the client folder name') },
	dns: {
		host: {
			label: 'Host name',
			char: /[A-Za-z0-9.*-]/,
			max: 253,
			unit: 'characters',
			takes: "host names take letters, digits, '-' and '.' (RFC 1035 §2.3.1, RFC 1123 §2.1)",
			code: 'host-invalid'
		}
	}
};

/**
 * The rule for names that no system above claims (a profile added later without a rule of its own):
 * the portable set, safe as a file name, a CN and a script word.
 */
export const FALLBACK_RULE: NameRule = portableUser('Name', 'portable file and user names');

export function nameRule(system: string, field: string): NameRule {
	return RULES[system]?.[field] ?? FALLBACK_RULE;
}

/**
 * Checks one name against rule 1 and the system's rule for that field; returns it unchanged.
 * `formField` is the input the refusal is shown next to (defaults to `field`).
 */
export function checkName(system: string, field: string, value: string, formField = field): string {
	const rule = nameRule(system, field);
	refuseHiddenCharacters(rule.label, value, formField, rule.takes);
	const fail = (why: string) =>
		new PkiError(rule.code, `${rule.label} ${quoteName(value)}: ${why}; ${rule.takes}.`, formField);
	if (value.length === 0) throw fail('it is empty');
	const chars = [...value];
	const bad = chars.find((c) => !rule.char.test(c));
	if (bad !== undefined) throw fail(`${describeCharacter(bad)} is not allowed`);
	if (rule.first && !rule.first.test(chars[0] ?? '')) throw fail(`it may not start with "${chars[0]}"`);
	const length = rule.unit === 'bytes' ? utf8Length(value) : chars.length;
	if (length > rule.max) throw fail(`it is ${length} ${rule.unit} long, more than ${rule.max}`);
	return value;
}

/**
 * Upper bounds of the X.520 attributes a certificate of ours may carry (RFC 5280 Appendix A.1:
 * ub-common-name 64, ub-organization-name 64, ub-organizational-unit-name 64, ub-locality-name 128,
 * ub-state-name 128; countryName is a two-letter code, ISO 3166).
 */
export const X520_UPPER_BOUNDS: Readonly<Record<string, number>> = { CN: 64, O: 64, OU: 64, L: 128, ST: 128, C: 2 };

const X520_LABEL: Readonly<Record<string, string>> = {
	CN: 'Common name (CN)',
	O: 'Organization (O)',
	OU: 'Organizational unit (OU)',
	L: 'Locality (L)',
	ST: 'State or province (ST)',
	C: 'Country (C)'
};

/** One attribute value of a DN: no hidden characters, not empty, within RFC 5280's upper bound. */
export function checkAttributeValue(attr: string, value: string, formField: string): string {
	const label = X520_LABEL[attr] ?? attr;
	const bound = X520_UPPER_BOUNDS[attr];
	const takes = bound ? `${attr} takes at most ${bound} characters (RFC 5280 Appendix A.1)` : undefined;
	refuseHiddenCharacters(label, value, formField, takes);
	const length = [...value].length;
	if (bound !== undefined && length > bound)
		throw new PkiError(
			'name-invalid',
			`${label} ${quoteName(value)}: it is ${length} characters long; ${takes}. Shorten it.`,
			formField
		);
	return value;
}
