import { describe, expect, test } from 'vitest';
import { readCsr } from '../csr/read';
import { decodeBase64, looksLikeBareBase64, pemBlocks } from './pem-blocks';
import { parseInputs } from './parse';

/**
 * Hostile PEM text: each case replays an input that made a backtracking regular expression
 * quadratic. The answer must come in well under a second per 10 MB (asserted generously for a
 * shared two-core machine), and eight times the input must take about eight times as long, not 64.
 */
const MB = 1024 * 1024;
const deps = { crypto: globalThis.crypto };
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;

/** `unit` repeated to `bytes` characters. */
const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
const base64Line = `${'QUJD'.repeat(16)}\n`;

const ATTACKS: [string, (bytes: number) => string, number][] = [
	['many "-----BEGIN " without a label or an END', (n) => repeat('-----BEGIN ', n), 0],
	['many BEGIN lines, none ever closed', (n) => repeat('-----BEGIN CERTIFICATE-----\n', n), 0],
	['one BEGIN then megabytes of base64 with no END', (n) => `-----BEGIN CERTIFICATE-----\n${repeat(base64Line, n)}`, 0],
	[
		'BEGIN lines with a different label each, none closed',
		(n) => {
			const lines: string[] = [];
			for (let i = 0, size = 0; size < n; i++) {
				const line = `-----BEGIN L${i.toString(36).toUpperCase()}-----\n`;
				lines.push(line);
				size += line.length;
			}
			return lines.join('');
		},
		0
	],
	['"-----" repeated', (n) => repeat('-----', n), 0],
	['long labels of dashes and spaces that never close', (n) => repeat(`-----BEGIN ${'- '.repeat(200)}\n`, n), 0],
	[
		'every BEGIN nested inside one block whose END comes last',
		(n) => `${repeat('-----BEGIN CERTIFICATE-----\nQUJD\n', n)}-----END CERTIFICATE-----\n`,
		1
	],
	['END lines with no BEGIN', (n) => repeat('-----END CERTIFICATE-----\n', n), 0]
];

function timed<T>(run: () => T): { value: T; ms: number } {
	const start = performance.now();
	const value = run();
	return { value, ms: performance.now() - start };
}

describe('PEM scanning of hostile text is linear', () => {
	test.each(ATTACKS)('10 MB of %s is answered at once', (_, make, blocks) => {
		pemBlocks(make(MB)); // compiled before it is timed
		const text = make(10 * MB);
		const { value, ms } = timed(() => pemBlocks(text));
		expect(value).toHaveLength(blocks);
		expect(ms).toBeLessThan(BOUND_MS);
	});

	test('eight times the adversarial text takes about eight times as long, not sixty-four', () => {
		const make = ATTACKS[1]![1];
		const best = (bytes: number) => {
			const text = make(bytes);
			return Math.min(...[0, 1, 2].map(() => timed(() => pemBlocks(text)).ms));
		};
		best(MB);
		const small = best(MB);
		const large = best(8 * MB);
		// Linear work gives about 8; the old pairing of each BEGIN with the rest of the text gave 64.
		expect(large).toBeLessThan(30 * small + 1000);
	});

	test('a 3 MB paste of unclosed BEGIN lines is refused with a plain message, quickly', async () => {
		const bytes = new TextEncoder().encode(repeat('-----BEGIN CERTIFICATE-----\nMIIB\n', 3 * MB));
		const start = performance.now();
		const { items, problems } = await parseInputs([{ name: 'pasted text', bytes }], deps);
		expect(performance.now() - start).toBeLessThan(BOUND_MS);
		expect(items).toEqual([]);
		expect(problems.map((p) => p.error.code)).toEqual(['input-malformed']);
		expect(problems[0]?.error.message).toMatch(/BEGIN line without its matching END line/);
	});

	test('100,000 tiny well-formed blocks are refused by the block budget, not read one by one', async () => {
		const bytes = new TextEncoder().encode(repeat('-----BEGIN X-----\nQUJD\n-----END X-----\n', 4 * MB));
		const start = performance.now();
		const { problems } = await parseInputs([{ name: 'many.pem', bytes }], deps);
		expect(performance.now() - start).toBeLessThan(BOUND_MS);
		expect(problems.map((p) => p.error.code)).toEqual(['input-too-large']);
		expect(problems[0]?.error.message).toMatch(/more than 2000 PEM blocks/);
	});

	test('a megabyte of spaces starting "MI" is not taken for bare base64, and quickly', async () => {
		const text = `MI${' '.repeat(MB - 3)}!`;
		const bytes = new TextEncoder().encode(text);
		const { value, ms } = timed(() => looksLikeBareBase64(bytes));
		expect(value).toBe(false);
		expect(ms).toBeLessThan(BOUND_MS);
		const start = performance.now();
		const { problems } = await parseInputs([{ name: 'spaces.txt', bytes }], deps);
		expect(performance.now() - start).toBeLessThan(BOUND_MS);
		expect(problems.map((p) => p.error.code)).toEqual(['input-unrecognized']);
	});

	test('the CSR paste reader answers a CSR-sized hostile paste at once', () => {
		const bytes = new TextEncoder().encode(repeat('-----BEGIN CERTIFICATE REQUEST-----\n', 250 * 1024));
		const start = performance.now();
		expect(() => readCsr(bytes)).toThrow(expect.objectContaining({ code: 'input-unrecognized', field: 'csr' }));
		expect(performance.now() - start).toBeLessThan(BOUND_MS);
	});
});

describe('PEM scanning still reads what tools write', () => {
	test('blocks with text between them, headers, CRLF and a BEGIN without END before a good block', () => {
		const text = [
			'Bag Attributes',
			'    friendlyName: node',
			'-----BEGIN CERTIFICATE-----',
			'-----BEGIN PRIVATE KEY-----\r',
			'Proc-Type: 4,ENCRYPTED\r',
			'DEK-Info: AES-256-CBC,00\r',
			'\r',
			'QUJD\r',
			'REVG\r',
			'-----END PRIVATE KEY-----\r',
			'subject=CN = x',
			'-----BEGIN X509 CRL-----',
			'QUJD',
			'-----END X509 CRL-----'
		].join('\n');
		const blocks = pemBlocks(text);
		expect(blocks.map((b) => [b.label, b.headers, b.der])).toEqual([
			['PRIVATE KEY', { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' }, new TextEncoder().encode('ABCDEF')],
			['X509 CRL', {}, new TextEncoder().encode('ABC')]
		]);
	});
});

describe('the one-pass base64 decoder takes exactly what atob takes', () => {
	const atobOrError = (text: string) => {
		try {
			return Uint8Array.from(atob(text.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
		} catch {
			return 'error';
		}
	};
	const ours = (text: string) => {
		const out = decodeBase64(text, 'x');
		return out instanceof Uint8Array ? out : 'error';
	};

	test('on 20,000 random strings of base64 characters, padding, white space and junk', () => {
		const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n\r\t-_!\u00a0';
		let seed = 7;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		for (let i = 0; i < 20_000; i++) {
			const text = Array.from({ length: random(14) }, () => chars[random(random(10) ? 64 : chars.length)]).join('');
			expect([text, ours(text)]).toEqual([text, atobOrError(text)]);
		}
	});
});
