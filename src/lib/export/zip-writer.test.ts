import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { crc32, writeZip, type ZipEntry } from './zip-writer';

const dir = mkdtempSync(join(tmpdir(), 'zip-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (s: string) => new TextEncoder().encode(s);
/** Bytes no deflate shrinks, and bytes it shrinks well, of a given length. */
const noise = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);
const prose = (n: number) => text('Copy this folder to the node, then run the start script.\n'.repeat(n));

const entries: ZipEntry[] = [
	{ name: 'node1/', data: new Uint8Array(0), unixMode: 0o040700, deflate: false },
	{ name: 'README.txt', data: prose(40), unixMode: 0o100644, deflate: true },
	{ name: 'node1/node.key', data: noise(300), unixMode: 0o100600, deflate: false },
	{ name: 'node1/start.sh', data: prose(3), unixMode: 0o100755, deflate: true },
	{ name: 'node1/empty.txt', data: new Uint8Array(0), unixMode: 0o100644, deflate: true },
	{ name: 'node1/größe.txt', data: text('UTF-8 name'), unixMode: 0o100644, deflate: false },
	{ name: 'big.bin', data: noise(300_000), unixMode: 0o100644, deflate: false }
];
const mtime = new Date(2026, 2, 1, 12, 34, 56); // local time, as zip stores it
const zip = writeZip(entries, mtime);
const path = join(dir, 'w.zip');
writeFileSync(path, zip);

describe('writeZip, read by independent implementations', () => {
	test('CRC-32 equals zlib’s for empty, short, odd-length and long input', () => {
		for (const data of [new Uint8Array(0), text('a'), text('123456789'), noise(1001), noise(1 << 20)])
			expect(crc32(data)).toBe(zlibCrc32(data));
		expect(crc32(text('123456789'))).toBe(0xcbf43926); // the check value of CRC-32/ISO-HDLC
	});

	test('Info-ZIP unzip tests every entry and restores contents and modes', () => {
		expect(execFileSync('unzip', ['-t', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
		execFileSync('unzip', ['-q', path, '-d', join(dir, 'out')]);
		for (const e of entries.filter((e) => !e.name.endsWith('/')))
			expect(new Uint8Array(readFileSync(join(dir, 'out', e.name))), e.name).toEqual(e.data);
		const listing = execFileSync('zipinfo', [path], { encoding: 'utf8' });
		expect(listing).toMatch(/drwx------ .* node1\//);
		expect(listing).toMatch(/-rw------- .* node1\/node\.key/);
		expect(listing).toMatch(/-rwxr-xr-x .* node1\/start\.sh/);
		expect(listing).toMatch(/-rw-r--r-- .* defN .* README\.txt/);
		expect(listing).toMatch(/-rw-r--r-- .* stor .* big\.bin/);
	});

	test("Python's zipfile checks every CRC and reads names, times and methods", () => {
		const script = [
			'import sys, zipfile, json',
			'z = zipfile.ZipFile(sys.argv[1])',
			'bad = z.testzip()',
			'print(json.dumps({"bad": bad, "entries": [[i.filename, i.compress_type, i.date_time[:5], i.external_attr >> 16] for i in z.infolist()]}))'
		].join('\n');
		const result = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as {
			bad: string | null;
			entries: [string, number, number[], number][];
		};
		expect(result.bad).toBeNull();
		expect(result.entries).toEqual(entries.map((e) => [e.name, e.deflate ? 8 : 0, [2026, 3, 1, 12, 34], e.unixMode]));
	});

	test("fflate's unzip reads the same bytes back", () => {
		const files = unzipSync(zip);
		for (const e of entries) expect(files[e.name], e.name).toEqual(e.data);
	});

	test('deflated text is smaller than stored, stored noise is its own size', () => {
		expect(zip.length).toBeLessThan(300_000 + 300 + prose(40).length);
		expect(zip.length).toBeGreaterThan(300_000);
	});
});
