import { Inflate } from 'fflate';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import type { ParseLimits } from './types';
import { readDirectory, type ZipBudget, type ZipHeader } from './zip-directory';

/**
 * Reads a zip from its central directory, checked first (zip-directory.ts), so that entry count,
 * declared sizes, ratios and overlaps are known BEFORE anything is inflated. Each entry is then
 * inflated in steps that stop as soon as it yields more than its declared size: a lying size costs
 * at most one step of work, not the gigabytes its deflate stream could produce.
 */

export interface ZipEntry {
	path: string;
	bytes: Bytes;
	/** Permission bits from the external attributes when the entry was made on Unix (APPNOTE §4.4.2, §4.4.15). */
	mode?: number;
}

export interface ZipRead {
	entries: ZipEntry[];
	problems: { path: string; error: PkiError }[];
}

export type { ZipBudget } from './zip-directory';

/**
 * Deflate expands at most 1032 times (RFC 1951: a 258-byte match in about two bits), so feeding the
 * inflater a 1/1032 share of the bytes still expected, and at least MIN_STEP, keeps the output of one
 * step within what is left plus half a megabyte.
 */
const MAX_EXPANSION = 1032;
const MIN_STEP = 512;

export const isZip = (b: Uint8Array): boolean =>
	b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));

/** `budget` is shared with the zips around and inside this one; a lone zip gets the limit's. */
export function readZip(
	data: Bytes,
	name: string,
	limits: ParseLimits,
	budget: ZipBudget = { bytes: limits.maxZipUncompressedBytes }
): ZipRead {
	const headers = readDirectory(data, name, limits, budget);
	const out: ZipRead = { entries: [], problems: [] };
	for (const h of headers) {
		if (h.path.endsWith('/')) continue;
		try {
			out.entries.push({
				path: h.path,
				bytes: unpack(data, h, name),
				...(h.mode !== undefined ? { mode: h.mode } : {})
			});
		} catch (e) {
			if (!(e instanceof PkiError)) throw e;
			out.problems.push({ path: h.path, error: e });
		}
	}
	return out;
}

function unpack(data: Bytes, h: ZipHeader, name: string): Bytes {
	const damaged = (why: string) =>
		new PkiError('input-malformed', `${name} is a damaged zip file (${why}). Download or create it again.`);
	if (h.flags & 1)
		throw new PkiError('input-unsupported', `${h.path} is encrypted inside the zip; zip it again without a password.`);
	const packed = data.subarray(h.start, h.start + h.packed);
	if (h.method === 0) {
		if (h.packed !== h.size) throw damaged(`the entry ${h.path} is stored with a size other than declared`);
		return packed.slice();
	}
	if (h.method !== 8)
		throw new PkiError(
			'input-unsupported',
			`${h.path} uses zip compression method ${h.method}; only stored and deflated entries are read. Zip it again with a standard tool.`
		);
	const out = new Uint8Array(h.size);
	let length = 0;
	let overflow = false;
	const inflater = new Inflate((chunk) => {
		if (length + chunk.length > h.size) overflow = true;
		else out.set(chunk, length);
		length += chunk.length;
	});
	try {
		for (let at = 0; at < packed.length && !overflow;) {
			const step = Math.max(MIN_STEP, Math.ceil((h.size - length) / MAX_EXPANSION));
			inflater.push(packed.subarray(at, at + step), at + step >= packed.length);
			at += step;
		}
		if (packed.length === 0) inflater.push(packed, true);
	} catch {
		throw damaged(`the entry ${h.path} does not decompress`);
	}
	if (overflow)
		throw new PkiError(
			'zip-too-large',
			`${h.path} in ${name} unpacks to more than the ${h.size} bytes its zip declares; it is not opened (it may be a zip bomb).`
		);
	if (length !== h.size) throw damaged(`the entry ${h.path} decompresses to a different size than declared`);
	return out as Bytes;
}
