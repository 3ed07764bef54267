import { nameConstraints, subjectAltNames, subjectEmails } from '../parse/extensions';
import type { GeneralNameView } from '../parse/general-names';
import { x509 } from '../x509';
import { isSelfIssued } from './build-path';
import { quote } from './format';
import type { PathCert, VerifyStep } from './types';

/**
 * Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)) of every CA, applied to the subject and SANs
 * of every certificate below it (self-issued intermediates excepted). Per name form: with permitted
 * subtrees of that form, each name must fall in one; no name may fall in an excluded subtree. Forms
 * with no constraint are unrestricted. Like OpenSSL, a leaf without any SAN has its CN checked as a
 * DNS name when it looks like one.
 */
export function nameConstraintSteps(path: PathCert[]): VerifyStep[] {
	const steps: VerifyStep[] = [];
	for (let j = 1; j < path.length; j++) {
		const nc = nameConstraints(path[j]!.cert);
		if (!nc) continue;
		const ca = path[j]!.name;
		let failed = false;
		for (let i = 0; i < j; i++) {
			if (i > 0 && isSelfIssued(path[i]!.cert)) continue;
			for (const n of namesOf(path[i]!, i === 0)) {
				const sameForm = nc.permitted.filter((b) => b.type === n.type);
				const excludedBy = nc.excluded.find((b) => b.type === n.type && within(n, b));
				const bad = excludedBy
					? `excluded: ${excludedBy.value}`
					: sameForm.length > 0 && !sameForm.some((b) => within(n, b))
						? `permitted: ${sameForm.map((b) => b.value).join(', ')}`
						: undefined;
				if (bad) {
					failed = true;
					steps.push({
						check: 'nameConstraints',
						ok: false,
						certIndex: i,
						code: 'name-constraint',
						reason: `${FORM[n.type]} ${n.value} ${excludedBy ? 'is excluded by' : 'is outside'} the name constraint of ${quote(ca)} (${bad})`
					});
				}
			}
		}
		if (!failed)
			steps.push({
				check: 'nameConstraints',
				ok: true,
				certIndex: j,
				reason: `every name below ${quote(ca)} is within its name constraints`
			});
	}
	return steps;
}

const FORM: Record<GeneralNameView['type'], string> = {
	dns: 'DNS name',
	ip: 'IP address',
	uri: 'URI',
	email: 'email address',
	dn: 'subject',
	other: 'name'
};

function namesOf({ cert }: PathCert, isLeaf: boolean): GeneralNameView[] {
	const sans = subjectAltNames(cert);
	const names: GeneralNameView[] = [...sans];
	if (cert.subject)
		names.push({ type: 'dn', value: cert.subject, der: new Uint8Array(cert.subjectName.toArrayBuffer()) });
	for (const e of subjectEmails(cert.subjectName)) names.push({ type: 'email', value: e });
	const cn = cert.subjectName.getField('CN')[0];
	if (isLeaf && sans.length === 0 && cn && /^[a-z0-9*-]+(\.[a-z0-9-]+)+$/i.test(cn))
		names.push({ type: 'dns', value: cn });
	return names;
}

/** Whether name falls in the subtree base of the same form. */
export function within(name: GeneralNameView, base: GeneralNameView): boolean {
	if (name.type === 'dns' && base.type === 'dns') return dnsWithin(name.value, base.value);
	if (name.type === 'email' && base.type === 'email') return emailWithin(name.value, base.value);
	if (name.type === 'uri' && base.type === 'uri') return uriWithin(name.value, base.value);
	if (name.type === 'ip' && base.type === 'ip') return ipWithin(name.bytes, base.bytes);
	if (name.type === 'dn' && base.type === 'dn') return dnWithin(name.value, base.value);
	return false;
}

/**
 * "Any DNS name that can be constructed by simply adding zero or more labels to the left-hand side"
 * (RFC 5280 §4.2.1.10); a leading dot (OpenSSL nc_dns) means the same.
 */
export function dnsWithin(name: string, base: string): boolean {
	const n = name.toLowerCase().replace(/\.$/, '');
	const b = base.toLowerCase().replace(/\.$/, '');
	if (b === '') return true;
	if (b.startsWith('.')) return n.endsWith(b);
	return n === b || n.endsWith(`.${b}`);
}

/** A mailbox, a host ("example.com") or a domain (".example.com") (§4.2.1.10). */
function emailWithin(name: string, base: string): boolean {
	const at = name.lastIndexOf('@');
	const host = name.slice(at + 1).toLowerCase();
	const b = base.toLowerCase();
	if (b.includes('@')) return name.toLowerCase() === b;
	return b.startsWith('.') ? host.endsWith(b) : host === b;
}

/** The URI's host against a host or ".domain" (§4.2.1.10); a URI without a host cannot satisfy a constraint. */
function uriWithin(uri: string, base: string): boolean {
	const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(uri)?.[1]?.toLowerCase();
	if (!host) return false;
	const b = base.toLowerCase();
	return b.startsWith('.') ? host.endsWith(b) : host === b;
}

/** Address & mask = base & mask, same address family (§4.2.1.10: 8 octets for IPv4, 32 for IPv6). */
function ipWithin(addr: readonly number[], base: readonly number[]): boolean {
	if (base.length !== addr.length * 2) return false;
	return addr.every((byte, k) => (byte & base[addr.length + k]!) === (base[k]! & base[addr.length + k]!));
}

/** The subject starts with the base's RDNs (§7.1), compared case-insensitively. */
function dnWithin(name: string, base: string): boolean {
	const rdns = (s: string) => new x509.Name(s).toJSON().map((r) => JSON.stringify(r).toLowerCase());
	const n = rdns(name);
	const b = rdns(base);
	return b.length <= n.length && b.every((r, k) => r === n[k]);
}
