import type { ParsedItem } from '../parse/types';
import { x509 } from '../x509';
import { validityInWords } from './dates';
import { keyModeVerdict, type FileModeFact, type KeyModeSystem, type KeyModeVerdict } from './modes';
import { LOOPBACK_WHY, onlyLoopback } from './loopback';
import { allows, baseName, sanHosts } from './roles';

/**
 * What the inspector finds in a drop beyond the lint rules of one system: server certificates that
 * only name this machine, CRLs past their next update, and what is known of each key file's mode.
 */
export interface DropFinding {
	topic: 'loopback' | 'crl' | 'key-mode';
	severity: 'error' | 'warning';
	file: string;
	message: string;
	fix: string;
}

/** One key file and what is known of its Unix mode. */
export interface KeyModeRow {
	/** The item's label (its path as dropped). */
	file: string;
	mode?: number;
	owner?: string;
	group?: string;
	from?: FileModeFact['from'];
	/** Absent when the mode is unknown (a folder drop). */
	verdict?: KeyModeVerdict;
}

const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;

export function loopbackFindings(items: readonly ParsedItem[]): DropFinding[] {
	const out: DropFinding[] = [];
	for (const item of items) {
		if (item.kind !== 'certificate' || isCa(item.cert) || !allows(item.cert, 'serverAuth')) continue;
		const base = baseName(item.label);
		// Only certificates that serve other machines: node and server certificates, not client.<user>.crt.
		if (/^client\./.test(base)) continue;
		const hosts = sanHosts(item.cert);
		if (!onlyLoopback(hosts)) continue;
		out.push({
			topic: 'loopback',
			severity: 'warning',
			file: item.label,
			message: `${base} names only this machine (${hosts.join(', ')}): ${LOOPBACK_WHY}.`,
			fix: `Issue ${base} again with the IP address and DNS name other machines dial, e.g. 10.0.0.5 and node1.example.com.`
		});
	}
	return out;
}

export function crlFindings(items: readonly ParsedItem[], now: Date): DropFinding[] {
	const out: DropFinding[] = [];
	for (const item of items) {
		if (item.kind !== 'crl') continue;
		const { nextUpdate, thisUpdate } = item.crl;
		const base = baseName(item.label);
		if (nextUpdate && nextUpdate < now)
			out.push({
				topic: 'crl',
				severity: 'error',
				file: item.label,
				message: `${base} is out of date: its next update was due on ${validityInWords(thisUpdate, nextUpdate, now).words.replace(/^expired on /, '')}; software that checks CRLs refuses every certificate it covers ("CRL has expired").`,
				fix: `Publish a new CRL from the CA that issued ${base} and replace this file.`
			});
		else if (thisUpdate > now)
			out.push({
				topic: 'crl',
				severity: 'error',
				file: item.label,
				message: `${base} is ${validityInWords(thisUpdate, thisUpdate, now).words}: it was issued for a time in the future ("CRL is not yet valid").`,
				fix: "Check this machine's clock and the CA's, then publish the CRL again."
			});
	}
	return out;
}

/**
 * Each key file with its mode: from the zip or tar it came in, else from a pasted listing matched by path
 * (the end of the dropped path) or, when only one key has that file name, by name.
 */
export function keyModes(
	items: readonly ParsedItem[],
	known: readonly FileModeFact[],
	system: KeyModeSystem
): KeyModeRow[] {
	const keys = items.filter((i) => i.kind === 'private-key');
	const rows: KeyModeRow[] = [];
	for (const key of keys) {
		const base = baseName(key.label);
		const path = key.source.entry ? `${key.source.file} › ${key.source.entry}` : key.source.file;
		const sameBase = keys.filter((k) => baseName(k.label) === base).length === 1;
		const fact =
			known.find((f) => f.name === path) ??
			known.find((f) => f.name.includes('/') && path.endsWith(`/${f.name.replace(/^\.\//, '')}`)) ??
			(sameBase ? known.find((f) => baseName(f.name) === base) : undefined) ??
			(key.mode !== undefined ? { name: path, mode: key.mode, from: 'zip' as const } : undefined);
		if (!fact) {
			rows.push({ file: key.label });
			continue;
		}
		rows.push({
			file: key.label,
			mode: fact.mode,
			...(fact.owner ? { owner: fact.owner } : {}),
			...(fact.group ? { group: fact.group } : {}),
			from: fact.from,
			verdict: keyModeVerdict({ name: base, mode: fact.mode, ...(fact.owner ? { owner: fact.owner } : {}) }, system)
		});
	}
	return rows;
}

export function keyModeFindings(rows: readonly KeyModeRow[]): DropFinding[] {
	return rows.flatMap((r) =>
		r.verdict && !r.verdict.ok
			? [
					{
						topic: 'key-mode' as const,
						severity: r.verdict.dependsOnOwner ? ('warning' as const) : ('error' as const),
						file: r.file,
						message: `${baseName(r.file)} has ${r.verdict.message}`,
						fix: r.verdict.fix ?? ''
					}
				]
			: []
	);
}
