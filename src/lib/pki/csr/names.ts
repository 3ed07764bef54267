import { PkiError } from '../errors';
import { refuseHiddenCharacters } from '../name-policy';
import { parseHost, type SubjectAltName } from '../names';
import type { LeafInput, LeafKind, NameAttribute, Profile, Rdn } from '../profiles';
import { x509 } from '../x509';

const ATTRS: readonly NameAttribute[] = ['CN', 'O', 'OU', 'L', 'ST', 'C'];

/**
 * The CSR's subject as the RDNs a leaf is written with, in the CSR's order (most general first).
 * Leaves are encoded by der/x509.ts, which writes the attributes of RFC 5280 Appendix A that
 * TLS software reads; any other attribute is refused by name rather than silently dropped.
 */
export function csrSubject(name: x509.Name, field = 'csr'): Rdn[] {
	const rdns: Rdn[] = [];
	const other: string[] = [];
	for (const rdn of name.toJSON()) {
		for (const [type, values] of Object.entries(rdn)) {
			const attr = ATTRS.find((a) => a === type);
			for (const value of values) {
				if (attr) rdns.push({ attr, value });
				else other.push(`${type}=${value}`);
			}
		}
	}
	if (other.length > 0) {
		throw new PkiError(
			'csr-subject-unsupported',
			`The CSR's subject has ${other.join(', ')}; this CA writes only CN, O, OU, L, ST and ` +
				'C in a leaf. Ask for a CSR without it, or sign it as an intermediate CA.',
			field
		);
	}
	return rdns;
}

/**
 * The edited SAN list: one entry per line or comma, "DNS:name", "IP:address", "URI:uri" as the
 * description shows them, or a bare host (an address becomes an IP SAN, anything else a DNS name,
 * the rule of names.ts). An empty list is allowed: a client certificate may carry only its CN.
 */
export function parseSanList(text: string, field = 'sans'): SubjectAltName[] {
	const entries = text
		.split(/[\n,]+/)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
	const seen = new Set<string>();
	const sans: SubjectAltName[] = [];
	for (const entry of entries) {
		refuseHiddenCharacters('Subject alternative name', entry, field);
		const m = /^(DNS|IP|URI):\s*(.+)$/i.exec(entry);
		const type = m?.[1]?.toUpperCase();
		const value = (m?.[2] ?? entry).trim();
		let san: SubjectAltName;
		if (type === 'URI') {
			if (!/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value))
				throw new PkiError(
					'uri-invalid',
					`"${value}" is not a URI (it needs a scheme, like spiffe://… or https://…).`,
					field
				);
			san = { type: 'uri', value };
		} else {
			san = parseHost(value, field);
			if (type === 'IP' && san.type !== 'ip')
				throw new PkiError('ip-invalid', `"${value}" is not an IP address.`, field);
			if (type === 'DNS' && san.type !== 'dns')
				throw new PkiError('host-invalid', `"${value}" is an IP address: write it as IP:${value}.`, field);
		}
		const key = `${san.type}:${san.value}`;
		if (!seen.has(key)) {
			seen.add(key);
			sans.push(san);
		}
	}
	return sans;
}

const PROBE_DNS = 'csr-probe.invalid';
const PROBE_IP = '192.0.2.77';

/**
 * The profile input that reproduces these SANs, stored as the certificate's LeafRequest so a renewal
 * asks for the same names. Every field starts at its default; the field (or fields, when a profile
 * splits DNS names from addresses, like Elasticsearch's nodeDns/nodeIp) whose value becomes the
 * kind's SANs is found by asking the kind itself, so no profile needs special code here.
 */
export function leafInputFor(profile: Profile, kind: LeafKind, sans: readonly SubjectAltName[]): LeafInput {
	const used = new Set(kind.uses ?? []);
	const fields = [
		...(profile.fields ?? []),
		...kind.fields,
		...Object.values(profile.kinds).flatMap((k) => k.fields.filter((f) => used.has(f.id)))
	];
	const input: Record<string, string> = Object.fromEntries(fields.map((f) => [f.id, f.default]));
	const carries = (id: string, probe: string, type: SubjectAltName['type']) => {
		try {
			return kind.names({ ...input, [id]: probe }, { index: 0 }).sans.some((s) => s.type === type && s.value === probe);
		} catch {
			return false;
		}
	};
	const dnsField = fields.find((f) => carries(f.id, PROBE_DNS, 'dns'))?.id;
	const ipField = fields.find((f) => carries(f.id, PROBE_IP, 'ip'))?.id;
	const text = (list: readonly SubjectAltName[]) => list.map((s) => s.value).join(', ');
	if (dnsField && dnsField === ipField) input[dnsField] = text(sans.filter((s) => s.type === 'dns' || s.type === 'ip'));
	else {
		if (dnsField) input[dnsField] = text(sans.filter((s) => s.type === 'dns'));
		if (ipField) input[ipField] = text(sans.filter((s) => s.type === 'ip'));
	}
	return input;
}
