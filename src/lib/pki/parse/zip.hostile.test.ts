import { deflateSync, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { handZip, overlappingZip } from '../../testing/hostile-zip';
import { parseInputs } from './parse';
import { DEFAULT_LIMITS } from './types';
import { readZip } from './zip';

/**
 * Hostile zips, built byte by byte (src/lib/testing/hostile-zip.ts). Each replays a lie a zip bomb
 * or a damaged download tells; the central directory is checked before anything is inflated, and
 * the refusal names the entry.
 */
const deps = { crypto: globalThis.crypto };
const pem = new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n');
const deflated = (bytes: Uint8Array) => deflateSync(bytes, { level: 9 });
const read = (zip: Uint8Array) => () => readZip(zip as Uint8Array<ArrayBuffer>, 'bomb.zip', DEFAULT_LIMITS);

describe('zip bombs by overlapping entries (Fifield, "A better zip bomb")', () => {
	test('200 entries whose data all run into one shared kernel are refused before any is inflated', () => {
		const zip = overlappingZip(200, 50_000);
		expect(zip.length).toBeLessThan(25_000);
		expect(read(zip)).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringMatching(/entries cert-0000\.pem and cert-0001\.pem share the same bytes/)
			})
		);
	});

	test('many directory entries pointing at one local header are refused', () => {
		const one = handZip([{ name: 'a.pem', method: 0, data: pem, size: pem.length }]);
		// The same entry listed 1,000 times: copy its directory record and fix the end record's counts.
		const dirAt = 30 + 5 + pem.length;
		const record = one.subarray(dirAt, one.length - 22);
		const copies = 1000;
		const zip = new Uint8Array(dirAt + record.length * copies + 22);
		zip.set(one.subarray(0, dirAt));
		for (let i = 0; i < copies; i++) zip.set(record, dirAt + i * record.length);
		const end = one.slice(one.length - 22);
		const view = new DataView(end.buffer);
		view.setUint16(8, copies, true);
		view.setUint16(10, copies, true);
		view.setUint32(12, record.length * copies, true);
		zip.set(end, dirAt + record.length * copies);
		expect(read(zip)).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringMatching(/a\.pem and a\.pem share the same bytes/)
			})
		);
	});

	test('zips inside a zip share one budget: three 10 MB inner zips do not unpack 30 MB', async () => {
		// Ten 1 MB entries of zeros each: under the ratio rule's free size, 10 MB declared per inner zip.
		const inner = zipSync(
			Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`z${i}`, new Uint8Array(1024 * 1024)]))
		);
		const outer = zipSync({ 'a.zip': inner, 'b.zip': inner, 'c.zip': inner }, { level: 0 });
		const { problems } = await parseInputs([{ name: 'outer.zip', bytes: outer }], deps);
		const refused = problems.filter((p) => p.error.code === 'zip-too-large');
		expect(refused.map((p) => p.label)).toEqual(['outer.zip › b.zip', 'outer.zip › c.zip']);
		expect(refused[0]?.error.message).toMatch(/counting the zips around it, to more than 20 MB/);
	});
});

describe('zip counts and depth', () => {
	test('a zip three levels deep: the third level is refused, the first two are read', async () => {
		const level3 = zipSync({ 'ca.pem': pem });
		const level2 = zipSync({ 'inner.zip': level3, 'b.pem': pem });
		const level1 = zipSync({ 'middle.zip': level2 });
		const { problems } = await parseInputs([{ name: 'outer.zip', bytes: level1 }], deps);
		expect(problems.map((p) => [p.label, p.error.code])).toEqual([
			['outer.zip › middle.zip › inner.zip', 'input-unsupported'],
			['outer.zip › middle.zip › b.pem', 'input-malformed']
		]);
		expect(problems[0]?.error.message).toMatch(/is a zip nested 2 levels deep; unzip the outer layers first/);
	});

	test('2,001 entries are refused from the directory, before reading any', () => {
		const many = handZip(
			Array.from({ length: 2001 }, (_, i) => ({ name: `f${i}`, method: 0, data: pem, size: pem.length }))
		);
		expect(read(many)).toThrow(
			expect.objectContaining({
				code: 'zip-too-large',
				message: expect.stringMatching(/holds 2001 entries; at most 2000/)
			})
		);
	});
});

describe('entries that lie about where their data is', () => {
	test('an entry whose data runs into the table of contents, or past the end of the file', () => {
		const intoDirectory = handZip([
			{
				name: 'a.pem',
				method: 0,
				data: pem,
				size: pem.length + 40,
				local: { packed: pem.length + 40 },
				central: { packed: pem.length + 40 }
			}
		]);
		expect(read(intoDirectory)).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringMatching(/the entry a\.pem is cut short/)
			})
		);
		const pastEnd = handZip([{ name: 'b.pem', data: deflated(pem), size: pem.length, central: { packed: 1_000_000 } }]);
		expect(read(pastEnd)).toThrow(
			expect.objectContaining({ code: 'input-malformed', message: expect.stringMatching(/b\.pem/) })
		);
	});

	test('a directory entry pointing past the data, or at no local header', () => {
		const zip = handZip([{ name: 'a.pem', data: deflated(pem), size: pem.length, central: { offset: 7 } }]);
		expect(read(zip)).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringMatching(/the entry a\.pem is missing/)
			})
		);
	});
});

describe('a local header that disagrees with the table of contents', () => {
	test.each([
		['another name of the same length', { name: 'b.pem' }],
		['a longer name, which shifts where the data starts', { name: 'a.pem.txt' }]
	])('%s', (_, local) => {
		const zip = handZip([{ name: 'a.pem', data: deflated(pem), size: pem.length, local }]);
		expect(read(zip)).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringMatching(/a\.pem has a header that does not match/)
			})
		);
	});

	test('another compressed size', () => {
		const data = deflated(pem);
		const zip = handZip([{ name: 'a.pem', data, size: pem.length, local: { packed: data.length + 1 } }]);
		expect(read(zip)).toThrow(
			expect.objectContaining({ code: 'input-malformed', message: expect.stringMatching(/a\.pem declares/) })
		);
	});
});

describe('sizes that lie', () => {
	test('an entry that inflates past its declared size is cut off at once, not inflated to the end', () => {
		// 64 MB of zeros deflate to 64 KB; the entry declares 100 bytes.
		const data = deflated(new Uint8Array(64 * 1024 * 1024));
		const zip = handZip([
			{ name: 'liar.pem', data, size: 100 },
			{ name: 'good.pem', data: deflated(pem), size: pem.length }
		]);
		const start = performance.now();
		const { entries, problems } = read(zip)();
		expect(performance.now() - start).toBeLessThan(10_000);
		expect(entries.map((e) => e.path)).toEqual(['good.pem']);
		expect(problems.map((p) => [p.path, p.error.code])).toEqual([['liar.pem', 'zip-too-large']]);
		expect(problems[0]?.error.message).toMatch(
			/liar\.pem in bomb\.zip unpacks to more than the 100 bytes its zip declares/
		);
	});

	test('an entry declaring 5 MB from a few KB (a ratio only bombs reach) is refused before inflating', () => {
		const data = deflated(new Uint8Array(5 * 1024 * 1024));
		const zip = handZip([{ name: 'zeros.bin', data, size: 5 * 1024 * 1024 }]);
		expect(read(zip)).toThrow(
			expect.objectContaining({
				code: 'zip-too-large',
				message: expect.stringMatching(/zeros\.bin unpacks 5242880 bytes from \d+, a ratio over 100 to 1/)
			})
		);
	});

	test('a stored entry whose declared size is not its stored size', () => {
		const zip = handZip([{ name: 'a.pem', method: 0, data: pem, size: pem.length + 1 }]);
		expect(read(zip)().problems.map((p) => [p.path, p.error.code])).toEqual([['a.pem', 'input-malformed']]);
	});
});

describe('ordinary zips still open', () => {
	test('zip CLI style entries, folders and empty files', () => {
		const zip = zipSync({
			'certs/': new Uint8Array(0),
			'certs/ca.crt': pem,
			'certs/empty': new Uint8Array(0),
			README: new TextEncoder().encode('x'.repeat(100_000))
		});
		const { entries, problems } = read(zip)();
		expect(problems).toEqual([]);
		expect(entries.map((e) => [e.path, e.bytes.length])).toEqual([
			['certs/ca.crt', pem.length],
			['certs/empty', 0],
			['README', 100_000]
		]);
	});
});
