import { readTlv, type Tlv } from '../der/reader';
import type { Bytes } from '../der/writer';
import { x509 } from '../x509';
import { contents, oidText, tryChildren } from './der-util';

/**
 * GeneralName (RFC 5280 §4.2.1.6) read from the DER, so IP addresses keep their exact bytes (and
 * masks, in name constraints, §4.2.1.10) instead of a library's string form.
 */
export type GeneralNameView =
	| { type: 'dns' | 'email' | 'uri'; value: string }
	| { type: 'ip'; value: string; bytes: number[] }
	| { type: 'dn'; value: string; der: Bytes }
	| { type: 'other'; value: string };

const ascii = (b: Uint8Array) => new TextDecoder().decode(b);

export function readGeneralName(der: Bytes, t: Tlv): GeneralNameView {
	const body = contents(der, t);
	switch (t.tag) {
		case 0x81:
			return { type: 'email', value: ascii(body) };
		case 0x82:
			return { type: 'dns', value: ascii(body) };
		case 0x86:
			return { type: 'uri', value: ascii(body) };
		case 0x87:
			return { type: 'ip', value: formatIp(body), bytes: Array.from(body) };
		case 0xa4: {
			const name = der.subarray(readTlv(der, t.contentStart).start, t.end);
			return { type: 'dn', value: new x509.Name(name.slice()).toString(), der: name };
		}
		case 0xa0: {
			const id = tryChildren(der, t)?.[0];
			return { type: 'other', value: `otherName ${id?.tag === 0x06 ? oidText(contents(der, id)) : '?'}` };
		}
		default:
			return { type: 'other', value: `GeneralName [${t.tag & 0x1f}]` };
	}
}

/** GeneralNames ::= SEQUENCE OF GeneralName, e.g. a subjectAltName extension value. */
export function readGeneralNames(value: Bytes): GeneralNameView[] {
	const seq = readTlv(value, 0);
	return (tryChildren(value, seq) ?? []).map((t) => readGeneralName(value, t));
}

/** Dotted IPv4, RFC 5952 IPv6, or for 8/32-byte name-constraint values "address/prefix". */
export function formatIp(b: Uint8Array): string {
	if (b.length === 4) return Array.from(b).join('.');
	if (b.length === 16) return formatIpv6(b);
	if (b.length === 8 || b.length === 32) {
		const half = b.length / 2;
		return `${formatIp(b.subarray(0, half))}/${prefixLength(b.subarray(half))}`;
	}
	return `invalid IP (${b.length} bytes)`;
}

function prefixLength(mask: Uint8Array): number | string {
	let bits = 0;
	for (const byte of mask) bits += (byte.toString(2).match(/1/g) ?? []).length;
	return bits;
}

function formatIpv6(b: Uint8Array): string {
	const words = Array.from({ length: 8 }, (_, i) => ((b[2 * i] ?? 0) << 8) | (b[2 * i + 1] ?? 0));
	// RFC 5952 §4.2: compress the longest run (≥ 2) of zero words, the first one on a tie.
	let best = -1;
	let bestLen = 1;
	for (let i = 0; i < 8;) {
		let j = i;
		while (j < 8 && words[j] === 0) j++;
		if (j - i > bestLen) [best, bestLen] = [i, j - i];
		i = j === i ? i + 1 : j;
	}
	const hex = words.map((w) => w.toString(16));
	if (best < 0) return hex.join(':');
	return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** SPIFFE IDs are URI SANs with the spiffe scheme (SPIFFE X509-SVID §2). */
export const isSpiffe = (uri: string) => /^spiffe:\/\//i.test(uri);

export interface SanView {
	dns: string[];
	ip: string[];
	uri: string[];
	email: string[];
	spiffe: string[];
	other: string[];
}

export function sanView(names: readonly GeneralNameView[]): SanView {
	const v: SanView = { dns: [], ip: [], uri: [], email: [], spiffe: [], other: [] };
	for (const n of names) {
		if (n.type === 'uri' && isSpiffe(n.value)) v.spiffe.push(n.value);
		if (n.type === 'dn') v.other.push(`DirName: ${n.value}`);
		else if (n.type === 'other') v.other.push(n.value);
		else v[n.type].push(n.value);
	}
	return v;
}
