import { describe, expect, test } from 'vitest';
import { PkiError } from './errors';
import { leafValidity, rootValidity } from './validity';

const now = new Date('2026-03-01T12:00:00.750Z');

describe('validity', () => {
	test('a root starts an hour back and is cut to whole seconds', () => {
		expect(rootValidity(now, 3660)).toEqual({
			notBefore: new Date('2026-03-01T11:00:00Z'),
			notAfter: new Date('2036-03-08T12:00:00Z')
		});
	});

	test('a leaf never starts before its issuer', () => {
		const issuer = { notBefore: new Date('2026-03-01T11:30:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') };
		expect(leafValidity(now, 30, issuer)).toEqual({
			notBefore: new Date('2026-03-01T11:30:00Z'),
			notAfter: new Date('2026-03-31T12:00:00Z')
		});
	});

	test('a leaf past the CA is refused with the days the CA has left', () => {
		const issuer = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-04-01T00:00:00Z') };
		let error: unknown;
		try {
			leafValidity(now, 365, issuer);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(PkiError);
		expect((error as PkiError).code).toBe('validity-beyond-ca');
		expect((error as PkiError).message).toMatch(/expires on 2026-04-01 \(30 days left\)\. Choose at most 30 days/);
	});

	test('an expired CA issues nothing', () => {
		const issuer = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2026-02-01T00:00:00Z') };
		expect(() => leafValidity(now, 1, issuer)).toThrow(/expired on 2026-02-01/);
	});

	test.each([0, -1, 1.5, Number.NaN, 36601])('refuses a validity of %s days', (days) => {
		expect(() => rootValidity(now, days)).toThrow(/whole number of days/);
	});
});
