import { PkiError } from '../errors';
import type { InputFile, ParseProblem } from '../parse/types';
import { gunzipBounded, isGzip, isTar, readTar } from '../parse/tar';
import { asBytes } from '../parse/der-util';
import type { FileModeFact } from './modes';

/**
 * Tar archives (plain or gzipped) unpacked before parsing, so their files are read like a dropped folder
 * but keep the modes and owners the archive recorded. Zips are left to the parser, which reads modes itself.
 */
export interface Unpacked {
	files: InputFile[];
	/** Modes and owners learnt from tar headers, keyed by the unpacked file's name. */
	modes: FileModeFact[];
	problems: ParseProblem[];
}

export function unpackTars(files: readonly InputFile[]): Unpacked {
	const out: Unpacked = { files: [], modes: [], problems: [] };
	for (const file of files) {
		const bytes = asBytes(file.bytes);
		try {
			const gz = isGzip(bytes);
			const inner = gz ? gunzipBounded(bytes, file.name) : bytes;
			if (!isTar(inner)) {
				if (gz)
					throw new PkiError(
						'input-unsupported',
						`${file.name} is gzip-compressed but holds no tar archive; unpack it (gunzip) and drop what it holds.`
					);
				out.files.push(file);
				continue;
			}
			for (const e of readTar(inner, file.name)) {
				const name = `${file.name} › ${e.path}`;
				out.files.push({ name, bytes: e.bytes, mode: e.mode });
				out.modes.push({
					name,
					mode: e.mode,
					...(e.owner ? { owner: e.owner } : {}),
					...(e.group ? { group: e.group } : {}),
					from: 'tar'
				});
			}
		} catch (e) {
			if (!(e instanceof PkiError)) throw e;
			out.problems.push({ source: { file: file.name }, label: file.name, error: e.toData() });
		}
	}
	return out;
}
