import { PkiError } from '../errors';

/**
 * Unix modes of key files. A browser sees no file modes in a dropped folder, so the page asks for the
 * output of `ls -l` or `stat`, or a zip or tar that recorded them; this file reads that text and says
 * whether each key would be accepted.
 */

export interface FileModeFact {
	/** The file name as the listing shows it (no folder for `ls -l`, maybe a path for `stat`). */
	name: string;
	/** Permission bits, e.g. 0o600. */
	mode: number;
	owner?: string;
	group?: string;
	/** Where the mode was learnt. */
	from: 'ls -l' | 'stat' | 'zip' | 'tar';
}

/** More text than any listing of a certs-dir; larger pastes are refused before they are read. */
export const MAX_LISTING_BYTES = 256 * 1024;
export const MAX_LISTING_LINES = 5000;

const LS_TYPE = /^[-dlcbps]$/;
const TIME = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const YEAR = /^\d{4}$/;
const OCTAL = /^[0-7]{3,4}$/;

/** "-rw-r-----" (with setuid/setgid/sticky letters and a trailing ACL "+" or SELinux ".") to bits. */
export function symbolicMode(text: string): number | undefined {
	const s = text.replace(/[.+@]$/, '');
	if (s.length !== 10 || !LS_TYPE.test(s[0]!)) return undefined;
	let mode = 0;
	const triads = [s.slice(1, 4), s.slice(4, 7), s.slice(7, 10)];
	const special = [0o4000, 0o2000, 0o1000];
	for (const [i, t] of triads.entries()) {
		const shift = 6 - 3 * i;
		if (t[0] === 'r') mode |= 4 << shift;
		else if (t[0] !== '-') return undefined;
		if (t[1] === 'w') mode |= 2 << shift;
		else if (t[1] !== '-') return undefined;
		const x = t[2]!;
		if (x === 'x' || x === 's' || x === 't') mode |= 1 << shift;
		if (x === 's' || x === 'S' || x === 't' || x === 'T') mode |= special[i]!;
		else if (x !== 'x' && x !== '-') return undefined;
	}
	return mode;
}

/**
 * Reads pasted `ls -l`, `stat -c '%a %n' *`, `stat -c '%a %U:%G %n' *`, macOS `stat -f '%Lp %N' *` or
 * plain `stat file` output. Lines it does not recognise (a "total 24", a prompt) are skipped. Each line is
 * split on white space once, so the work is linear in the size of the text.
 */
export function parseListing(text: string): FileModeFact[] {
	if (text.length > MAX_LISTING_BYTES)
		throw new PkiError(
			'input-too-large',
			`The pasted listing is ${Math.round(text.length / 1024)} KB; at most ${MAX_LISTING_BYTES / 1024} KB is read. Paste the listing of the certs-dir alone.`
		);
	const lines = text.split(/\r?\n/);
	if (lines.length > MAX_LISTING_LINES)
		throw new PkiError(
			'input-too-large',
			`The pasted listing has ${lines.length} lines; at most ${MAX_LISTING_LINES} are read. Paste the listing of the certs-dir alone.`
		);
	const out: FileModeFact[] = [];
	let statFile: string | undefined;
	for (const raw of lines) {
		const line = raw.trim();
		if (!line) continue;
		// Plain `stat file`: "File: node.key" then "Access: (0600/-rw-------)  Uid: ( 1000/ marc)   Gid: ( 1000/ marc)".
		const file = /^File: (.+)$/.exec(line);
		if (file) {
			statFile = file[1]!.replace(/^['‘"]|['’"]$/g, '');
			continue;
		}
		if (statFile && line.startsWith('Access: (')) {
			const m = /^Access: \(([0-7]{3,4})\/[^)]*\)\s+Uid: \(\s*\d+\/\s*([^)\s]+)\)\s+Gid: \(\s*\d+\/\s*([^)\s]+)\)/.exec(
				line
			);
			if (m) out.push({ name: statFile, mode: parseInt(m[1]!, 8) & 0o7777, owner: m[2]!, group: m[3]!, from: 'stat' });
			statFile = undefined;
			continue;
		}
		const tokens = line.split(/\s+/);
		const ls = lsLine(tokens);
		if (ls) {
			out.push(ls);
			continue;
		}
		if (OCTAL.test(tokens[0]!) && tokens.length >= 2) {
			const owned = tokens.length >= 3 && /^[^:\s]+:[^:\s]+$/.test(tokens[1]!);
			const [owner, group] = owned ? tokens[1]!.split(':') : [];
			out.push({
				name: tokens.slice(owned ? 2 : 1).join(' '),
				mode: parseInt(tokens[0]!, 8),
				...(owner ? { owner, group: group! } : {}),
				from: 'stat'
			});
		}
	}
	return out;
}

/** "-rw------- 1 marc staff 241 Jan  1 12:00 node.key", also with --time-style=long-iso or full-iso. */
function lsLine(tokens: string[]): FileModeFact | undefined {
	if (tokens.length < 7) return undefined;
	const mode = symbolicMode(tokens[0]!);
	if (mode === undefined || !/^\d+$/.test(tokens[1]!)) return undefined;
	if (tokens[0]![0] !== '-') return undefined; // folders and links are not key files
	// The name starts after the time of day (or the year, for old files).
	for (let i = 5; i < tokens.length - 1; i++) {
		const t = tokens[i]!;
		if (TIME.test(t) || (YEAR.test(t) && i >= 7)) {
			let start = i + 1;
			if (/^[+-]\d{4}$/.test(tokens[start] ?? '')) start++; // full-iso time zone
			const name = tokens.slice(start).join(' ');
			if (!name) return undefined;
			return { name, mode, owner: tokens[2]!, group: tokens[3]!, from: 'ls -l' };
		}
	}
	return undefined;
}

/** The mode as `ls -l` and `chmod` write it: "0640 (-rw-r-----)". */
export function modeWords(mode: number): string {
	const bits = ['r', 'w', 'x'];
	let s = '-';
	for (let shift = 6; shift >= 0; shift -= 3)
		for (let b = 0; b < 3; b++) s += mode & ((4 >> b) << shift) ? bits[b] : '-';
	return `${(mode & 0o7777).toString(8).padStart(4, '0')} (${s})`;
}

export type KeyModeSystem = 'cockroachdb' | 'libpq';

export interface KeyModeVerdict {
	ok: boolean;
	/** True when the answer depends on who owns the file, and the listing did not say. */
	dependsOnOwner?: boolean;
	message: string;
	fix?: string;
}

/**
 * The two rules the brief's systems apply to a private key file:
 * - CockroachDB (pkg/security/certificate_loader.go, maxKeyPermissions 0700 and checkFilePermissions):
 *   no bit for group or others ("key file … has permissions …, exceeds -rwx------"); when root owns the
 *   file and the process's group owns it, the group may read it (maxGroupKeyPermissions 0740).
 * - libpq (PostgreSQL docs "Client Certificates", src/interfaces/libpq/fe-secure-openssl.c): 0600 or
 *   less when the user owns it; 0640 or less when root owns it ("has group or world access").
 */
export function keyModeVerdict(
	fact: Pick<FileModeFact, 'name' | 'mode' | 'owner'>,
	system: KeyModeSystem
): KeyModeVerdict {
	const mode = fact.mode & 0o777;
	const words = modeWords(mode);
	const who = system === 'cockroachdb' ? 'CockroachDB' : 'libpq';
	if ((mode & 0o077) === 0)
		return { ok: true, message: `mode ${words}: only the owner can read it; ${who} accepts it.` };
	const readers = [(mode & 0o070) !== 0 && 'its group', (mode & 0o007) !== 0 && 'every user']
		.filter(Boolean)
		.join(' and ');
	// Group read is the only bit either system allows beyond the owner's, and only on a root-owned file.
	const groupReadOnly = (mode & 0o037) === 0;
	if (groupReadOnly && fact.owner === 'root')
		return {
			ok: true,
			message: `mode ${words}, owned by root: ${who} accepts group read on a root-owned key${system === 'cockroachdb' ? ' when its group is the one cockroach runs as' : ''}.`
		};
	const fix = `chmod 600 ${fact.name} (or, for a key root owns and a service's group reads: chown root:<group> ${fact.name} && chmod 640 ${fact.name})`;
	if (groupReadOnly && fact.owner === undefined)
		return {
			ok: false,
			dependsOnOwner: true,
			message: `mode ${words}: readable by ${readers}. ${who} refuses it unless root owns the file and its group is the one the service runs as; the listing does not say who owns it.`,
			fix
		};
	return {
		ok: false,
		message: `mode ${words}: readable by ${readers}; ${who} refuses it (${system === 'cockroachdb' ? '"key file … has permissions …, exceeds -rwx------"' : '"private key file … has group or world access"'}).`,
		fix
	};
}

/** The commands that show the modes, for the page to print next to each key whose mode is unknown. */
export const MODE_COMMANDS = ['ls -l', "stat -c '%a %U:%G %n' *"] as const;
