import { PkiError } from '../errors';
import type { ParseLimits } from './types';

/**
 * A zip's central directory (APPNOTE.TXT 6.3 §4.3.12, §4.3.16), read and checked before anything is
 * inflated. A zip bomb needs one of three lies, each refused here: a declared size beyond the budget,
 * a compression ratio no certificate reaches, or entries that share their compressed data (David
 * Fifield, "A better zip bomb", https://www.bamsoftware.com/hacks/zipbomb/: thousands of central
 * directory entries pointing into one deflate stream). So every entry's local header (§4.3.7) and
 * data must lie inside the file before the directory, agree with its directory entry, and no two
 * entries may overlap.
 */

export interface ZipHeader {
	path: string;
	method: number;
	flags: number;
	/** Declared uncompressed size. */
	size: number;
	/** Compressed size. */
	packed: number;
	/** Offset of the local file header. */
	local: number;
	/** Offset of the compressed data, just past the local header. */
	start: number;
	/** Permission bits from the external attributes when the entry was made on Unix (§4.4.2, §4.4.15). */
	mode?: number;
}

/** The uncompressed bytes one dropped file may still unpack, shared by the zips nested in it. */
export interface ZipBudget {
	bytes: number;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;
/** Stored and deflated entries of certificates and keys unpack to a few times their size; bombs to ~1000. */
export const MAX_ZIP_RATIO = 100;
/** Below this an entry may be as compressible as it likes (a file of zeros, a blank README). */
const RATIO_FREE_BYTES = 1024 * 1024;
/** Bit 3 (§4.4.4): sizes and CRC follow the data in a data descriptor; the local header holds zeros. */
const DATA_DESCRIPTOR = 8;

export function readDirectory(data: Uint8Array, name: string, limits: ParseLimits, budget: ZipBudget): ZipHeader[] {
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);
	const damaged = (why: string) =>
		new PkiError('input-malformed', `${name} is a damaged zip file (${why}). Download or create it again.`);
	const tooLarge = (why: string) => new PkiError('zip-too-large', `${name} ${why}`);

	let end = -1;
	for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
		if (u32(at) === SIG.end) {
			end = at;
			break;
		}
	}
	if (end < 0) throw damaged('its table of contents is missing, so it may be cut short');
	const count = u16(end + 10);
	const dirSize = u32(end + 12);
	const dirOffset = u32(end + 16);
	if (count === 0xffff || dirOffset === 0xffffffff)
		throw tooLarge(
			'is a ZIP64 archive, made for very large contents; certificates and keys never need one. Zip the files again.'
		);
	if (count > limits.maxZipEntries)
		throw tooLarge(
			`holds ${count} entries; at most ${limits.maxZipEntries} are read. Zip only the certificates and keys.`
		);
	if (dirOffset + dirSize > end) throw damaged('its table of contents runs past its end');

	const headers: ZipHeader[] = [];
	let total = 0;
	for (let i = 0, at = dirOffset; i < count; i++) {
		if (at + 46 > dirOffset + dirSize || u32(at) !== SIG.central) throw damaged('its table of contents is damaged');
		const nameLength = u16(at + 28);
		const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
		if (next > dirOffset + dirSize) throw damaged('its table of contents is damaged');
		const nameBytes = data.subarray(at + 46, at + 46 + nameLength);
		const path = new TextDecoder().decode(nameBytes);
		const size = u32(at + 24);
		const packed = u32(at + 20);
		const local = u32(at + 42);
		if (size === 0xffffffff || packed === 0xffffffff || local === 0xffffffff)
			throw tooLarge(`has a ZIP64 entry, ${path}, made for very large contents; certificates and keys never need one.`);
		total += size;
		if (total > budget.bytes) {
			const nested = budget.bytes < limits.maxZipUncompressedBytes ? ', counting the zips around it,' : '';
			throw tooLarge(
				`would unpack${nested} to more than ${mb(limits.maxZipUncompressedBytes)} MB; that is far more than certificates and keys take, so it is not opened (it may be a zip bomb).`
			);
		}
		if (size > Math.max(packed * MAX_ZIP_RATIO, RATIO_FREE_BYTES))
			throw tooLarge(
				`says ${path} unpacks ${size} bytes from ${packed}, a ratio over ${MAX_ZIP_RATIO} to 1 that only zip bombs reach; it is not opened.`
			);

		const flags = u16(at + 8);
		const method = u16(at + 10);
		if (local + 30 > dirOffset || u32(local) !== SIG.local)
			throw damaged(`the entry ${path} is missing, or lies outside the file`);
		const localName = data.subarray(local + 30, local + 30 + u16(local + 26));
		if (!sameBytes(localName, nameBytes) || u16(local + 8) !== method)
			throw damaged(`the entry ${path} has a header that does not match the table of contents`);
		const localPacked = u32(local + 18);
		if (localPacked !== packed && !(flags & DATA_DESCRIPTOR && localPacked === 0))
			throw damaged(`the entry ${path} declares ${localPacked} compressed bytes here and ${packed} there`);
		const start = local + 30 + localName.length + u16(local + 28);
		if (start + packed > dirOffset) throw damaged(`the entry ${path} is cut short`);

		const madeOnUnix = data[at + 5] === 3;
		const mode = madeOnUnix ? (u32(at + 38) >>> 16) & 0o7777 : 0;
		headers.push({ path, method, flags, size, packed, local, start, ...(mode ? { mode } : {}) });
		at = next;
	}
	refuseOverlaps(headers, name);
	budget.bytes -= total;
	return headers;
}

/** Each entry, from its local header to the end of its data, must have the bytes to itself. */
function refuseOverlaps(headers: ZipHeader[], name: string): void {
	const byOffset = [...headers].sort((a, b) => a.local - b.local);
	for (let i = 1; i < byOffset.length; i++) {
		const before = byOffset[i - 1]!;
		const entry = byOffset[i]!;
		if (entry.local < before.start + before.packed) {
			throw new PkiError(
				'input-malformed',
				`${name} is not a normal zip: its entries ${before.path} and ${entry.path} share the same bytes, a trick of zip bombs. It is not opened; zip the files again.`
			);
		}
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

const mb = (n: number) => Math.round(n / (1024 * 1024));
