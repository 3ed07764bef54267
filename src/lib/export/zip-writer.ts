import CRC32 from 'crc-32';
import { deflateSync } from 'fflate';

/**
 * A zip archive writer (PKWARE APPNOTE.TXT 6.3.10), for bundles: stored and deflated entries,
 * Unix modes, one modification time. It is the app's own rather than fflate's zipSync because a
 * 1,000-node lab has some 4,000 entries and zipSync's per-entry work (option objects merged per
 * entry, a Date taken apart twice per entry, every name re-encoded) made the zip the largest step
 * of that lab after the crypto itself (npm run bench, "zip"). The compression is still fflate's
 * deflateSync; what is written here is the container: headers, CRC-32 and the central directory.
 * zip-writer.test.ts reads its output with Info-ZIP's unzip and zipinfo, Python's zipfile (which
 * checks every CRC) and fflate's unzipSync, and checks the CRC against zlib's.
 *
 * No ZIP64: more than 65,535 entries or 4 GiB cannot come from the app's budgets (a lab has at
 * most 1,000 nodes), so reaching either is a defect and throws.
 */
export interface ZipEntry {
	/** A relative path with '/' separators, checked by the caller (zip.ts checkEntryPath); a folder ends in '/'. */
	name: string;
	data: Uint8Array;
	/** The Unix file type and permission bits, e.g. 0o100644, 0o040700. */
	unixMode: number;
	deflate: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
/** Version 2.0 (deflate, folders), made by host 3 = Unix so unzip applies the modes (§4.4.2, §4.4.3). */
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** General purpose bit 11: the name is UTF-8 (§4.4.4, Appendix D). */
const UTF8_NAME = 1 << 11;
const MSDOS_DIRECTORY = 0x10;
const STORED = 0;
const DEFLATED = 8;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/**
 * CRC-32 as zip and zlib compute it (§4.4.7: polynomial 0xEDB88320, reflected, inverted), by
 * SheetJS's crc-32, which reads 16 octets per step (slicing-by-16). A byte-at-a-time loop ran at
 * about 400 MB/s in V8 here and was most of the zip step of a 1,000-node lab, whose Secrets file
 * alone is 2.5 MB; crc-32 runs at about 1.9 GB/s on the same input (zip-writer.test.ts checks it
 * against zlib's crc32).
 */
export function crc32(data: Uint8Array): number {
	return CRC32.buf(data) >>> 0;
}

/** MS-DOS date and time (§4.4.6), in local time as unzip restores it, to two seconds. */
function dosDateTime(when: Date): { time: number; date: number } {
	const year = Math.min(Math.max(when.getFullYear(), 1980), 2107);
	return {
		time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
		date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate()
	};
}

const encoder = new TextEncoder();
const ASCII = /^[\x20-\x7e]*$/;

/** A name's octets: ASCII names (every name the app's layouts write) without a TextEncoder call each. */
function nameOctets(name: string, ascii: boolean): Uint8Array {
	if (!ascii) return encoder.encode(name);
	const out = new Uint8Array(name.length);
	for (let i = 0; i < name.length; i++) out[i] = name.charCodeAt(i);
	return out;
}

interface Written {
	name: Uint8Array;
	utf8: boolean;
	method: number;
	crc: number;
	compressed: Uint8Array;
	size: number;
	offset: number;
	externalAttributes: number;
}

/**
 * The fields a local header and its central directory record share, in the same order (§4.3.7,
 * §4.3.12): flags, method, time, date, CRC-32, compressed and uncompressed size, name length.
 */
function putFileFields(view: DataView, at: number, w: Written, time: number, date: number): void {
	view.setUint16(at, w.utf8 ? UTF8_NAME : 0, true);
	view.setUint16(at + 2, w.method, true);
	view.setUint16(at + 4, time, true);
	view.setUint16(at + 6, date, true);
	view.setUint32(at + 8, w.crc, true);
	view.setUint32(at + 12, w.compressed.length, true);
	view.setUint32(at + 16, w.size, true);
	view.setUint16(at + 20, w.name.length, true);
}

export function writeZip(entries: readonly ZipEntry[], mtime: Date): Uint8Array<ArrayBuffer> {
	if (entries.length > MAX_ENTRIES) throw new Error(`A zip of ${entries.length} entries needs ZIP64`);
	const { time, date } = dosDateTime(mtime);
	// A bundle puts the same CA file (one array) in every folder: its CRC is computed once per zip.
	const crcs = new Map<Uint8Array, number>();
	const crcOf = (data: Uint8Array) => {
		let crc = crcs.get(data);
		if (crc === undefined) crcs.set(data, (crc = crc32(data)));
		return crc;
	};
	const written: Written[] = [];
	let offset = 0;
	let centralSize = 0;
	for (const entry of entries) {
		const utf8 = !ASCII.test(entry.name);
		const name = nameOctets(entry.name, !utf8);
		const compressed = entry.deflate ? deflateSync(entry.data, { level: 6 }) : entry.data;
		const isFolder = entry.name.endsWith('/');
		written.push({
			name,
			utf8,
			method: entry.deflate ? DEFLATED : STORED,
			crc: entry.data.length === 0 ? 0 : crcOf(entry.data),
			compressed,
			size: entry.data.length,
			offset,
			externalAttributes: ((entry.unixMode << 16) | (isFolder ? MSDOS_DIRECTORY : 0)) >>> 0
		});
		offset += 30 + name.length + compressed.length;
		centralSize += 46 + name.length;
	}
	if (offset + centralSize + 22 > MAX_OFFSET) throw new Error('A zip over 4 GiB needs ZIP64');
	const out = new Uint8Array(offset + centralSize + 22);
	const view = new DataView(out.buffer);
	let at = 0;
	// Local file headers, each followed by its data (§4.3.7).
	for (const w of written) {
		view.setUint32(at, LOCAL_HEADER, true);
		view.setUint16(at + 4, VERSION_NEEDED, true);
		putFileFields(view, at + 6, w, time, date);
		// the extra field length (at + 28) stays zero
		out.set(w.name, at + 30);
		out.set(w.compressed, at + 30 + w.name.length);
		at += 30 + w.name.length + w.compressed.length;
	}
	// The central directory (§4.3.12), then its end record (§4.3.16).
	const centralStart = at;
	for (const w of written) {
		view.setUint32(at, CENTRAL_HEADER, true);
		view.setUint16(at + 4, VERSION_MADE_BY, true);
		view.setUint16(at + 6, VERSION_NEEDED, true);
		putFileFields(view, at + 8, w, time, date);
		// extra field, comment, disk number and internal attributes: all zero (at + 30 to 37)
		view.setUint32(at + 38, w.externalAttributes, true);
		view.setUint32(at + 42, w.offset, true);
		out.set(w.name, at + 46);
		at += 46 + w.name.length;
	}
	view.setUint32(at, END_OF_CENTRAL_DIRECTORY, true);
	view.setUint16(at + 8, written.length, true);
	view.setUint16(at + 10, written.length, true);
	view.setUint32(at + 12, at - centralStart, true);
	view.setUint32(at + 16, centralStart, true);
	return out;
}
