#!/usr/bin/env node
// Writes SHA256SUMS in the format `sha256sum -c` reads: "<64 hex>  <name>" (two spaces = binary-safe
// text mode of GNU coreutils), one line per file, names relative to the folder the sums file sits in.
// Usage: node scripts/checksums.mjs <dir> <file>...
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string} dir @param {string[]} names @returns {string} the SHA256SUMS text */
export function writeChecksums(dir, names) {
	const lines = names.map(
		(name) =>
			`${createHash('sha256')
				.update(readFileSync(join(dir, name)))
				.digest('hex')}  ${name}\n`
	);
	const text = lines.join('');
	writeFileSync(join(dir, 'SHA256SUMS'), text);
	return text;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const [dir, ...files] = process.argv.slice(2);
	if (!dir || files.length === 0) {
		console.error('usage: node scripts/checksums.mjs <dir> <file>...');
		process.exit(2);
	}
	process.stdout.write(
		writeChecksums(
			dir,
			files.map((f) => basename(f))
		)
	);
}
