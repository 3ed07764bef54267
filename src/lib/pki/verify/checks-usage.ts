import { parseIpv4, parseIpv6 } from '../names';
import { subjectAltNames } from '../parse/extensions';
import { x509 } from '../x509';
import { EKU } from '../parse/words';
import { quote } from './format';
import type { PathCert, Purpose, VerifyStep } from './types';

const ROLE = { serverAuth: 'server', clientAuth: 'client' } as const;
const F = x509.KeyUsageFlags;

/**
 * Extended key usage for the intended purpose (RFC 5280 §4.2.1.12): an absent EKU allows any use,
 * anyExtendedKeyUsage allows any use. Like OpenSSL (v3_purp.c check_purpose_ssl_server/client) and Go
 * (x509.Verify "EKU nesting"), an EKU on a CA also restricts what it may issue for. A leaf keyUsage,
 * when present, must allow the TLS handshake: digitalSignature, keyEncipherment or keyAgreement for a
 * server; digitalSignature or keyAgreement for a client (OpenSSL ku_reject with KU_TLS).
 */
export function purposeSteps(path: PathCert[], purpose: Purpose): VerifyStep[] {
	if (purpose === 'any') return [];
	const role = ROLE[purpose];
	const steps: VerifyStep[] = [];
	path.forEach(({ cert, name }, i) => {
		const eku = cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String);
		const who = i === 0 ? `${role} certificate ${quote(name)}` : `CA ${quote(name)}`;
		if (eku && !eku.includes(EKU[purpose]) && !eku.includes(EKU.any)) {
			const listed =
				eku.map((o) => ({ [EKU.serverAuth]: 'serverAuth', [EKU.clientAuth]: 'clientAuth' })[o] ?? o).join(', ') ||
				'nothing';
			steps.push({
				check: 'extKeyUsage',
				ok: false,
				certIndex: i,
				code: 'purpose',
				reason: `${who} is not allowed to be used ${i === 0 ? 'as' : 'for'} a TLS ${role}: its extended key usage lists only ${listed}`
			});
		} else if (i === 0) {
			steps.push({
				check: 'extKeyUsage',
				ok: true,
				certIndex: 0,
				reason: eku
					? `${quote(name)} may be used as a TLS ${role} (extended key usage ${purpose})`
					: `${quote(name)} has no extended key usage, so it may be used as a TLS ${role}`
			});
		}
	});
	const leaf = path[0]!;
	const ku = leaf.cert.getExtension(x509.KeyUsagesExtension);
	const needed =
		purpose === 'serverAuth'
			? F.digitalSignature | F.keyEncipherment | F.keyAgreement
			: F.digitalSignature | F.keyAgreement;
	if (ku && !(ku.usages & needed)) {
		steps.push({
			check: 'keyUsage',
			ok: false,
			certIndex: 0,
			code: 'key-usage',
			reason:
				`${quote(leaf.name)} cannot take part in a TLS handshake as a ${role}: its key usage ` +
				'lacks ' +
				`${purpose === 'serverAuth' ? 'digitalSignature and keyEncipherment' : 'digitalSignature'}`
		});
	}
	return steps;
}

/** The host as IP bytes, or undefined for a DNS name. Brackets around IPv6 are allowed. */
export function hostIp(host: string): Uint8Array | undefined {
	const h = host.replace(/^\[|\]$/g, '');
	try {
		if (/^[0-9.]+$/.test(h)) return parseIpv4(h);
		if (h.includes(':')) return parseIpv6(h);
	} catch {
		return undefined;
	}
	return undefined;
}

/** A DNS SAN pattern against a host (RFC 6125 §6.4.3): a wildcard only as the whole left-most label, over at least two labels, matching one label. */
export function dnsMatches(pattern: string, host: string): boolean {
	const p = pattern.toLowerCase().replace(/\.$/, '');
	const h = host.toLowerCase().replace(/\.$/, '');
	if (!p.startsWith('*.')) return p === h;
	const rest = p.slice(2);
	const dot = h.indexOf('.');
	return rest.includes('.') && !rest.includes('*') && dot > 0 && h.slice(dot + 1) === rest;
}

/**
 * The name the client dials against the leaf's SANs (RFC 6125 §6; RFC 9525 drops the CN fallback):
 * IPs match iPAddress SANs exactly, names match dNSName SANs. The subject CN is used only when the
 * certificate has no SANs at all, as OpenSSL does; Go-based software (CockroachDB, Consul) never uses it.
 */
export function hostSteps(path: PathCert[], host: string | undefined): VerifyStep[] {
	if (!host) return [];
	const { cert, name } = path[0]!;
	const sans = subjectAltNames(cert);
	const ip = hostIp(host);
	let match: string | undefined;
	if (ip) {
		match = sans.find(
			(s) => s.type === 'ip' && s.bytes.length === ip.length && s.bytes.every((b, k) => b === ip[k])
		)?.value;
	} else {
		match = sans.find((s) => s.type === 'dns' && dnsMatches(s.value, host))?.value;
		const cn = cert.subjectName.getField('CN')[0];
		if (!match && sans.length === 0 && cn && dnsMatches(cn, host))
			match = `CN=${cn} (legacy common-name fallback; Go-based software refuses it)`;
	}
	if (match)
		return [{ check: 'host', ok: true, certIndex: 0, reason: `${quote(name)} matches host ${host} through ${match}` }];
	const listed = sans.filter((s) => s.type === 'dns' || s.type === 'ip').map((s) => s.value);
	return [
		{
			check: 'host',
			ok: false,
			certIndex: 0,
			code: 'host-mismatch',
			reason:
				`no SAN matches host ${host}: ${quote(name)} lists ` +
				`${listed.length ? listed.join(', ') : 'no DNS or IP names'}${ip ? ' (an IP address must be an IP SAN)' : ''}`
		}
	];
}
