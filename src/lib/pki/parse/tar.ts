import { gunzipSync } from 'fflate';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';

/**
 * A small reader for the tar archives `tar -cf` and `tar -czf` write (POSIX.1-1988 ustar and GNU
 * tar, as described in POSIX "pax" Archive/Interchange File Format, ustar Interchange Format): it
 * keeps each regular file's path, permission bits and owner, so the inspector can check key modes
 * that a dropped folder hides. Everything is bounded before it is read: the gzip's declared size,
 * the number of entries, each entry's size and the total.
 */

export interface TarEntry {
	path: string;
	bytes: Bytes;
	/** Permission bits from the octal mode field. */
	mode: number;
	/** User and group names (ustar uname/gname), when the archive recorded them. */
	owner?: string;
	group?: string;
}

export interface TarLimits {
	maxEntries: number;
	/** Largest single file in the archive. */
	maxEntryBytes: number;
	/** Largest archive after gunzip. */
	maxTotalBytes: number;
}

export const TAR_LIMITS: TarLimits = {
	maxEntries: 2000,
	maxEntryBytes: 5 * 1024 * 1024,
	maxTotalBytes: 20 * 1024 * 1024
};

const BLOCK = 512;
const ascii = (b: Uint8Array) => String.fromCharCode(...b);

/** gzip magic (RFC 1952 §2.3.1). */
export const isGzip = (b: Uint8Array) => b.length >= 18 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;

/** A ustar or GNU tar header: "ustar" at offset 257 and a valid header checksum. */
export function isTar(b: Uint8Array): boolean {
	if (b.length < BLOCK) return false;
	if (ascii(b.subarray(257, 262)) !== 'ustar') return false;
	return checksumOk(b.subarray(0, BLOCK));
}

function checksumOk(h: Uint8Array): boolean {
	const stored = octal(h.subarray(148, 156));
	let sum = 0;
	for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
	return stored === sum;
}

/** An octal number field, NUL or space terminated; undefined when it is not one (e.g. GNU base-256). */
function octal(field: Uint8Array): number | undefined {
	let n = 0;
	let digits = 0;
	for (const c of field) {
		if (c === 0 || c === 0x20) {
			if (digits) break;
			continue;
		}
		if (c < 0x30 || c > 0x37) return undefined;
		n = n * 8 + (c - 0x30);
		digits++;
	}
	return digits ? n : undefined;
}

function text(field: Uint8Array): string {
	const end = field.indexOf(0);
	return new TextDecoder().decode(end >= 0 ? field.subarray(0, end) : field);
}

/** Unpacks a gzip whose declared size (ISIZE, RFC 1952 §2.3.1) is within the budget, into exactly that many bytes. */
export function gunzipBounded(data: Bytes, name: string, limits: TarLimits = TAR_LIMITS): Bytes {
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	const size = view.getUint32(data.length - 4, true);
	if (size > limits.maxTotalBytes)
		throw new PkiError(
			'input-too-large',
			`${name} would unpack to ${Math.round(size / (1024 * 1024))} MB; at most ${Math.round(limits.maxTotalBytes / (1024 * 1024))} MB is read (it may be a gzip bomb). Pack only the certs-dir.`
		);
	try {
		return gunzipSync(data, { out: new Uint8Array(size) }) as Bytes;
	} catch {
		throw new PkiError('input-malformed', `${name} is a damaged gzip file; pack it again.`);
	}
}

/** The regular files of a tar, with modes; folders, links and devices are skipped. */
export function readTar(data: Bytes, name: string, limits: TarLimits = TAR_LIMITS): TarEntry[] {
	if (data.length > limits.maxTotalBytes)
		throw new PkiError(
			'input-too-large',
			`${name} is larger than ${Math.round(limits.maxTotalBytes / (1024 * 1024))} MB; a certs-dir is far smaller. Pack only the certs-dir.`
		);
	const damaged = (why: string) =>
		new PkiError('input-malformed', `${name} is a damaged tar file (${why}). Pack it again with tar -cf.`);
	const out: TarEntry[] = [];
	let longName: string | undefined;
	let headers = 0;
	let at = 0;
	while (at + BLOCK <= data.length) {
		const h = data.subarray(at, at + BLOCK);
		if (h.every((b) => b === 0)) return out; // end of archive: two zero blocks
		if (++headers > limits.maxEntries * 2)
			throw new PkiError(
				'input-too-large',
				`${name} holds more than ${limits.maxEntries} entries; at most ${limits.maxEntries} are read. Pack only the certs-dir.`
			);
		if (!checksumOk(h)) throw damaged(`the header at byte ${at} has a wrong checksum`);
		const size = octal(h.subarray(124, 136));
		if (size === undefined) throw damaged(`the header at byte ${at} has no readable size`);
		if (size > limits.maxEntryBytes)
			throw new PkiError(
				'input-too-large',
				`${name} holds a file of ${Math.round(size / (1024 * 1024))} MB; files over ${Math.round(limits.maxEntryBytes / (1024 * 1024))} MB are not read.`
			);
		const start = at + BLOCK;
		if (start + size > data.length) throw damaged('it is cut short');
		const body = data.subarray(start, start + size);
		const type = String.fromCharCode(h[156]!);
		at = start + Math.ceil(size / BLOCK) * BLOCK;
		if (type === 'L') {
			longName = text(body); // GNU long name for the next entry
			continue;
		}
		const prefix = text(h.subarray(345, 500));
		const path = longName ?? (prefix ? `${prefix}/${text(h.subarray(0, 100))}` : text(h.subarray(0, 100)));
		longName = undefined;
		if (type !== '0' && type !== '\0' && type !== '7') continue; // pax headers, folders, links, devices
		if (out.length >= limits.maxEntries)
			throw new PkiError(
				'input-too-large',
				`${name} holds more than ${limits.maxEntries} files; at most ${limits.maxEntries} are read.`
			);
		const owner = text(h.subarray(265, 297));
		const group = text(h.subarray(297, 329));
		out.push({
			path: path.replace(/^\.\//, ''),
			bytes: body.slice(),
			mode: (octal(h.subarray(100, 108)) ?? 0) & 0o7777,
			...(owner ? { owner } : {}),
			...(group ? { group } : {})
		});
	}
	// Without its end-of-archive blocks a tar may simply have been written without them; a part of a header may not.
	if (at < data.length) throw damaged('it is cut short');
	return out;
}
