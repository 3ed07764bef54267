import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ERRORS, messageWithAction } from './error-catalogue';
import type { PkiErrorCode } from './errors';

/** Every source file of the app (tests left out: a code only a test names is thrown by nothing). */
function sources(): { path: string; text: string }[] {
	const root = 'src';
	return readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((path) => /\.(ts|svelte)$/.test(path) && !/\.test\.ts$/.test(path))
		.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

const SOURCES = sources();
const CATALOGUED = Object.keys(ERRORS) as PkiErrorCode[];
// `new PkiError('code'`, the code possibly on the next line.
const CREATE = /new PkiError\(\s*'([a-z0-9-]+)'/g;
// How the worker sends a defect back as PkiError data (worker/serve.ts). Verification results
// (pki/verify) carry `code:` values of a type of their own, so this form counts only in the worker.
const SEND = /\bcode: '([a-z0-9-]+)'/g;
const WORKER = join('lib', 'worker', 'serve.ts');

function thrownCodes(): Map<string, string[]> {
	const where = new Map<string, string[]>();
	for (const { path, text } of SOURCES) {
		if (path.endsWith('error-catalogue.ts') || path.endsWith('errors.ts')) continue;
		const matches = [...text.matchAll(CREATE), ...(path === WORKER ? text.matchAll(SEND) : [])];
		for (const [, code] of matches) where.set(code!, [...(where.get(code!) ?? []), path]);
	}
	return where;
}

describe('the error catalogue', () => {
	test('the source files were found (a wrong working directory would make every check below pass)', () => {
		expect(SOURCES.some((s) => s.path.endsWith('errors.ts'))).toBe(true);
		expect(SOURCES.length).toBeGreaterThan(100);
	});

	test.each(CATALOGUED)('%s says what went wrong and what to do, in sentences', (code) => {
		const { fault, action } = ERRORS[code];
		for (const text of [fault, action]) {
			expect(text.trim().length).toBeGreaterThan(10);
			expect(text).toMatch(/^[A-Z"'].*[.)]$/s);
		}
		expect(action).not.toBe(fault);
	});

	test('every catalogued code is thrown somewhere in src', () => {
		const thrown = thrownCodes();
		expect(CATALOGUED.filter((code) => !thrown.has(code))).toEqual([]);
	});

	test('every code a PkiError is created with in src is in the catalogue', () => {
		const thrown = thrownCodes();
		expect(thrown.size).toBeGreaterThan(40);
		expect([...thrown.keys()].filter((code) => !(code in ERRORS))).toEqual([]);
		expect(thrown.get('internal')).toEqual([WORKER]);
	});

	test('no two codes share a fault text', () => {
		const faults = CATALOGUED.map((code) => ERRORS[code].fault);
		expect(new Set(faults).size).toBe(faults.length);
	});
});

describe('messageWithAction', () => {
	test("adds the catalogue's action only where the code's messages leave it out", () => {
		const mismatch = 'The unlocked key does not belong to this CA certificate, so nothing was renewed.';
		expect(messageWithAction({ code: 'ca-key-mismatch', message: mismatch })).toBe(
			`${mismatch} Restore the CA from a backup, or import it again with its own key.`
		);
		const wrong = 'That passphrase does not open this CA. Check it (it is case-sensitive) and try again.';
		expect(messageWithAction({ code: 'passphrase-wrong', message: wrong })).toBe(wrong);
		expect(CATALOGUED.filter((code) => ERRORS[code].addAction)).toEqual([
			'uri-invalid',
			'choice-invalid',
			'ca-key-mismatch',
			'lab-nodes-invalid'
		]);
	});
});
