import { describe, expect, test } from 'vitest';
import { crlDue, ocspDue } from './revocation-expiry';

const NOW = new Date('2026-03-10T12:00:00Z');
const at = (iso: string) => new Date(iso);

describe('crlDue and ocspDue', () => {
	test('nothing signed yet', () => {
		expect(crlDue({}, NOW)).toEqual({ status: 'none', text: 'No CRL yet' });
		expect(ocspDue({}, NOW)).toEqual({ status: 'none', text: 'No OCSP responses yet' });
	});

	test('a 7-day CRL warns once a quarter (42 hours) is left, not before', () => {
		const crl = (next: string) => ({
			crl: { lastNumber: 1, lastIssuedAt: at('2026-03-05T12:00:00Z'), nextUpdate: at(next) }
		});
		// Issued 2026-03-05 for 7 days would end 2026-03-12 12:00; 48 hours left is more than 42.
		expect(
			crlDue(
				{ crl: { lastNumber: 1, lastIssuedAt: at('2026-03-05T12:00:00Z'), nextUpdate: at('2026-03-12T12:00:00Z') } },
				NOW
			)
		).toEqual({
			status: 'valid',
			nextUpdate: at('2026-03-12T12:00:00Z'),
			text: 'CRL valid until 2026-03-12'
		});
		expect(
			crlDue(
				{ crl: { lastNumber: 1, lastIssuedAt: at('2026-03-04T12:00:00Z'), nextUpdate: at('2026-03-11T12:00:00Z') } },
				NOW
			).text
		).toBe('CRL runs out in 1 day (2026-03-11)');
		expect(crlDue(crl('2026-03-10T11:59:59Z'), NOW)).toMatchObject({
			status: 'expired',
			text: 'CRL expired on 2026-03-10'
		});
		// A record from before nextUpdate was stored cannot be judged.
		expect(crlDue({ crl: { lastNumber: 1, lastIssuedAt: NOW } }, NOW).status).toBe('none');
	});

	test('a year of OCSP responses warns 7 days ahead, not a quarter of a year', () => {
		const ocsp = (next: string) => ({
			ocsp: { lastSignedAt: at('2025-03-20T00:00:00Z'), nextUpdate: at(next), signedBy: 'ca' as const }
		});
		expect(ocspDue(ocsp('2026-03-17T13:00:00Z'), NOW).status).toBe('valid');
		expect(ocspDue(ocsp('2026-03-17T11:00:00Z'), NOW)).toMatchObject({
			status: 'due-soon',
			text: 'OCSP responses run out in 6 days (2026-03-17)'
		});
		expect(ocspDue(ocsp('2026-03-10T18:00:00Z'), NOW).text).toBe(
			'OCSP responses run out in less than a day (2026-03-10)'
		);
	});
});
