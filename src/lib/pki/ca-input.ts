import { PkiError } from './errors';
import { parseIpv4, parseIpv6, splitList, validateDnsName } from './names';

/**
 * What a CA's certificate may say beyond a name, as typed and checked: the parts Consul needs (an
 * agent CA limited to its domain and localhost, a Connect root with a SPIFFE URI and a trust-domain
 * constraint) and the parts every intermediate needs (a path length). Free of @peculiar/x509, so
 * the page can check a form without loading it; issue/ca-tbs.ts encodes the extensions.
 */

/** Permitted subtrees only: nobody has asked for excluded ones, and "only these" is what a lab CA means. */
export interface NameConstraintsInput {
	/** DNS domains: "consul" permits consul and every name under it (RFC 5280 §4.2.1.10). */
	dns?: string[];
	/** IP ranges as CIDR, "10.0.0.0/8" or "fd00::/8". */
	ip?: string[];
	/** URI hosts: "<cluster>.consul" permits spiffe://<cluster>.consul/... (RFC 5280 §4.2.1.10). */
	uri?: string[];
}

/** One attribute of a CA subject: a short name @peculiar/x509 knows (CN, O, C, ...) or a dotted OID. */
export interface SubjectAttribute {
	type: string;
	value: string;
}

/**
 * Turns what a user typed ("consul, localhost, 10.0.0.0/8") into permitted subtrees: an entry with a
 * slash is an IP range, anything else a DNS domain. Refuses what no verifier could match, naming
 * the field.
 */
export function parseNameConstraints(text: string, field = 'nameConstraints'): NameConstraintsInput | undefined {
	const entries = splitList(text);
	if (entries.length === 0) return undefined;
	const dns: string[] = [];
	const ip: string[] = [];
	for (const entry of entries) {
		if (entry.includes('/')) {
			cidrOctets(entry, field);
			ip.push(entry);
		} else {
			dns.push(validateConstraintDomain(entry, field));
		}
	}
	return { ...(dns.length ? { dns } : {}), ...(ip.length ? { ip } : {}) };
}

/** A DNS subtree is a host name, optionally with a leading dot (OpenSSL nc_dns reads both). */
function validateConstraintDomain(entry: string, field: string): string {
	if (entry.includes('*')) {
		throw new PkiError(
			'constraint-invalid',
			`"${entry}": a name constraint is a domain, not a wildcard. Write "example.com" to permit every name under it.`,
			field
		);
	}
	const dot = entry.startsWith('.') ? '.' : '';
	try {
		return dot + validateDnsName(entry.slice(dot.length), field);
	} catch (error) {
		if (error instanceof PkiError) throw new PkiError('constraint-invalid', `Name constraint ${error.message}`, field);
		throw error;
	}
}

/** CIDR → address octets followed by mask octets, the iPAddress form of a subtree (RFC 5280 §4.2.1.10). */
export function cidrOctets(cidr: string, field = 'nameConstraints'): Uint8Array {
	const [address = '', bitsText = ''] = cidr.split('/');
	const v6 = address.includes(':');
	const fail = (why: string) =>
		new PkiError(
			'constraint-invalid',
			`"${cidr}" is not an IP range: ${why}. Write it like 10.0.0.0/8 or fd00::/8.`,
			field
		);
	let octets: Uint8Array;
	try {
		octets = v6 ? parseIpv6(address, field) : parseIpv4(address, field);
	} catch {
		throw fail(`"${address}" is not an IP address`);
	}
	const max = octets.length * 8;
	if (!/^[0-9]{1,3}$/.test(bitsText) || Number(bitsText) > max)
		throw fail(`the prefix length must be a number from 0 to ${max}`);
	const bits = Number(bitsText);
	const mask = new Uint8Array(octets.length).map((_, i) =>
		i * 8 + 8 <= bits ? 0xff : i * 8 >= bits ? 0 : (0xff << (8 - (bits - i * 8))) & 0xff
	);
	const out = new Uint8Array(octets.length * 2);
	octets.forEach((o, i) => (out[i] = o & mask[i]!));
	out.set(mask, octets.length);
	return out;
}

/** A path length is how many intermediates may follow (RFC 5280 §4.2.1.9): a small whole number. */
export function validatePathLen(pathLen: number | undefined, field = 'pathLen'): number | undefined {
	if (pathLen === undefined) return undefined;
	if (!Number.isInteger(pathLen) || pathLen < 0 || pathLen > 10) {
		throw new PkiError(
			'pathlen-invalid',
			'The path length is how many CAs may sit below this one: a whole number from 0 to 10, or empty for no limit.',
			field
		);
	}
	return pathLen;
}

/** URI SANs of a CA (Connect's spiffe://<trust-domain>): absolute, ASCII, no spaces. */
export function validateCaUri(uri: string, field = 'uri'): string {
	if (!/^[a-z][a-z0-9+.-]*:\/\/[\x21-\x7e]+$/i.test(uri)) {
		throw new PkiError('uri-invalid', `"${uri}" is not an absolute URI such as spiffe://example.consul.`, field);
	}
	return uri;
}
