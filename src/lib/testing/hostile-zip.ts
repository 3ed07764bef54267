import { deflateSync } from 'fflate';

/**
 * Zips built byte by byte (APPNOTE.TXT 6.3 §4.3.7 local header, §4.3.12 directory entry, §4.3.16 end
 * record), so tests can make the lies a zip library refuses to write: entries sharing their data,
 * data running past its area, a local header that disagrees with the directory, a size that lies.
 * CRC-32 fields are zero; the reader under test does not check them.
 */

export interface HandEntry {
	name: string;
	/** 0 stored, 8 deflated. */
	method?: number;
	/** The bytes after the local header, as stored (compressed when method is 8). */
	data: Uint8Array;
	/** Declared uncompressed size. */
	size: number;
	/** Fields of the local header that disagree with the directory. */
	local?: { name?: string; packed?: number };
	/** Fields of the directory entry that disagree with the data. */
	central?: { packed?: number; offset?: number };
}

const encoder = new TextEncoder();

function header(fixed: number, fill: (view: DataView) => void, name: string): Uint8Array {
	const nameBytes = encoder.encode(name);
	const out = new Uint8Array(fixed + nameBytes.length);
	fill(new DataView(out.buffer));
	out.set(nameBytes, fixed);
	return out;
}

export function localHeader(name: string, method: number, packed: number, size: number): Uint8Array {
	return header(
		30,
		(v) => {
			v.setUint32(0, 0x04034b50, true);
			v.setUint16(4, 20, true);
			v.setUint16(8, method, true);
			v.setUint32(18, packed, true);
			v.setUint32(22, size, true);
			v.setUint16(26, encoder.encode(name).length, true);
		},
		name
	);
}

function centralHeader(name: string, method: number, packed: number, size: number, offset: number): Uint8Array {
	return header(
		46,
		(v) => {
			v.setUint32(0, 0x02014b50, true);
			v.setUint16(4, 20, true);
			v.setUint16(6, 20, true);
			v.setUint16(10, method, true);
			v.setUint32(20, packed, true);
			v.setUint32(24, size, true);
			v.setUint16(28, encoder.encode(name).length, true);
			v.setUint32(42, offset, true);
		},
		name
	);
}

function endRecord(count: number, size: number, offset: number): Uint8Array {
	const out = new Uint8Array(22);
	const v = new DataView(out.buffer);
	v.setUint32(0, 0x06054b50, true);
	v.setUint16(8, count, true);
	v.setUint16(10, count, true);
	v.setUint32(12, size, true);
	v.setUint32(16, offset, true);
	return out;
}

function join(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

interface DirectoryEntry {
	name: string;
	method: number;
	packed: number;
	size: number;
	offset: number;
}

/** `body` (local headers and data) followed by a directory of `entries` and the end record. */
function withDirectory(body: Uint8Array, entries: DirectoryEntry[]): Uint8Array {
	const dir = join(entries.map((e) => centralHeader(e.name, e.method, e.packed, e.size, e.offset)));
	return join([body, dir, endRecord(entries.length, dir.length, body.length)]);
}

/** A zip of the given entries, each local header followed by its data, then the directory. */
export function handZip(entries: HandEntry[]): Uint8Array {
	const body: Uint8Array[] = [];
	const directory: DirectoryEntry[] = [];
	let at = 0;
	for (const e of entries) {
		const method = e.method ?? 8;
		const local = localHeader(e.local?.name ?? e.name, method, e.local?.packed ?? e.data.length, e.size);
		const packed = e.central?.packed ?? e.data.length;
		directory.push({ name: e.name, method, packed, size: e.size, offset: e.central?.offset ?? at });
		body.push(local, e.data);
		at += local.length + e.data.length;
	}
	return withDirectory(join(body), directory);
}

/** A deflate stored block that is not the last (RFC 1951 §3.2.4): its header, then `bytes` as they are. */
function storedBlock(bytes: Uint8Array): Uint8Array {
	const n = bytes.length;
	return join([Uint8Array.from([0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff]), bytes]);
}

/**
 * David Fifield's overlapping zip bomb with quoted local headers ("A better zip bomb",
 * https://www.bamsoftware.com/hacks/zipbomb/): entry k's deflate stream quotes entry k+1's local
 * header in a stored block and then runs on into entry k+1's data, so every entry ends in one
 * shared kernel of `kernelBytes` zeros. Each entry is a valid deflate stream with honest sizes and
 * its own local header; only the data ranges overlap, and the zip unpacks to about `count` times
 * the kernel from a few KB.
 */
export function overlappingZip(count: number, kernelBytes: number): Uint8Array {
	const kernel = deflateSync(new Uint8Array(kernelBytes), { level: 9 });
	const names = Array.from({ length: count }, (_, k) => `cert-${String(k).padStart(4, '0')}.pem`);
	const locals: Uint8Array[] = [];
	const entries: DirectoryEntry[] = [];
	for (let k = count - 1; k >= 0; k--) {
		const next = locals[0];
		const after = entries[0];
		const packed = next && after ? 5 + next.length + after.packed : kernel.length;
		const size = next && after ? next.length + after.size : kernelBytes;
		locals.unshift(localHeader(names[k]!, 8, packed, size));
		entries.unshift({ name: names[k]!, method: 8, packed, size, offset: 0 });
	}
	// LFH 0, then each later LFH quoted in a stored block, then the kernel.
	for (let k = 1; k < count; k++) entries[k]!.offset = entries[k - 1]!.offset + locals[k - 1]!.length + 5;
	return withDirectory(join([locals[0]!, ...locals.slice(1).map(storedBlock), kernel]), entries);
}
