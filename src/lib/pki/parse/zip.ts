import { inflateSync } from 'fflate';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import type { ParseLimits } from './types';

/**
 * Reads a zip from its central directory (APPNOTE.TXT 6.3 §4.3.12, §4.3.16) so that entry count,
 * declared sizes and Unix modes are known BEFORE anything is inflated: a zip bomb is refused by its
 * declared sizes, and each entry is inflated into a buffer of exactly its declared size (fflate
 * writes no further), so a lying header cannot make us allocate more.
 */

export interface ZipEntry {
	path: string;
	bytes: Bytes;
	/** Permission bits from the external attributes when the entry was made on Unix (§4.4.2, §4.4.15). */
	mode?: number;
}

export interface ZipRead {
	entries: ZipEntry[];
	problems: { path: string; error: PkiError }[];
}

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 } as const;

export const isZip = (b: Uint8Array): boolean =>
	b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));

export function readZip(data: Bytes, name: string, limits: ParseLimits): ZipRead {
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	const u16 = (at: number) => view.getUint16(at, true);
	const u32 = (at: number) => view.getUint32(at, true);
	const corrupt = (why: string) =>
		new PkiError('input-malformed', `${name} is a damaged zip file (${why}). Download or create it again.`);

	let end = -1;
	for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
		if (u32(at) === SIG.end) {
			end = at;
			break;
		}
	}
	if (end < 0) throw corrupt('its table of contents is missing, so it may be cut short');
	const count = u16(end + 10);
	const dirOffset = u32(end + 16);
	if (count === 0xffff || dirOffset === 0xffffffff)
		throw new PkiError(
			'zip-too-large',
			`${name} is a ZIP64 archive, made for very large contents; certificates and keys never need one. Zip the files again.`
		);
	if (count > limits.maxZipEntries)
		throw new PkiError(
			'zip-too-large',
			`${name} holds ${count} entries; at most ${limits.maxZipEntries} are read. Zip only the certificates and keys.`
		);

	const headers: {
		path: string;
		method: number;
		flags: number;
		size: number;
		packed: number;
		local: number;
		mode?: number;
	}[] = [];
	let total = 0;
	for (let i = 0, at = dirOffset; i < count; i++) {
		if (at + 46 > data.length || u32(at) !== SIG.central) throw corrupt('its table of contents is damaged');
		const nameLen = u16(at + 28);
		const path = new TextDecoder().decode(data.subarray(at + 46, at + 46 + nameLen));
		const madeOnUnix = data[at + 5] === 3;
		const mode = madeOnUnix ? (u32(at + 38) >>> 16) & 0o7777 : 0;
		const size = u32(at + 24);
		total += size;
		if (total > limits.maxZipUncompressedBytes) {
			throw new PkiError(
				'zip-too-large',
				`${name} would unpack to more than ${mb(limits.maxZipUncompressedBytes)} MB; ` +
					'that is far more than certificates and keys take, so it is not opened (it may ' +
					'be a zip bomb).'
			);
		}
		headers.push({
			path,
			method: u16(at + 10),
			flags: u16(at + 8),
			size,
			packed: u32(at + 20),
			local: u32(at + 42),
			...(mode ? { mode } : {})
		});
		at += 46 + nameLen + u16(at + 30) + u16(at + 32);
	}

	const out: ZipRead = { entries: [], problems: [] };
	for (const h of headers) {
		if (h.path.endsWith('/')) continue;
		try {
			out.entries.push({ path: h.path, bytes: inflateEntry(h), ...(h.mode !== undefined ? { mode: h.mode } : {}) });
		} catch (e) {
			if (!(e instanceof PkiError)) throw e;
			out.problems.push({ path: h.path, error: e });
		}
	}
	return out;

	function inflateEntry(h: (typeof headers)[number]): Bytes {
		if (h.flags & 1)
			throw new PkiError(
				'input-unsupported',
				`${h.path} is encrypted inside the zip; zip it again without a password.`
			);
		if (h.local + 30 > data.length || u32(h.local) !== SIG.local) throw corrupt(`the entry ${h.path} is missing`);
		const start = h.local + 30 + u16(h.local + 26) + u16(h.local + 28);
		if (start + h.packed > data.length) throw corrupt(`the entry ${h.path} is cut short`);
		const packed = data.subarray(start, start + h.packed);
		if (h.method === 0) return packed.slice();
		if (h.method !== 8)
			throw new PkiError(
				'input-unsupported',
				`${h.path} uses zip compression method ${h.method}; only stored and deflated entries are read. Zip it again with a standard tool.`
			);
		let bytes: Uint8Array;
		try {
			bytes = inflateSync(packed, { out: new Uint8Array(h.size) });
		} catch {
			throw corrupt(`the entry ${h.path} does not decompress`);
		}
		if (bytes.length !== h.size) throw corrupt(`the entry ${h.path} decompresses to a different size than declared`);
		return bytes as Bytes;
	}
}

const mb = (n: number) => Math.round(n / (1024 * 1024));
