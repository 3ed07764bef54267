import { expect, test } from 'vitest';
import { createRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import type { ParsedItem } from '../parse/types';
import { wholeSeconds } from '../validity';
import { x509 } from '../x509';
import { crlFindings } from './findings';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };

async function crlItem(thisUpdate: Date, nextUpdate: Date): Promise<ParsedItem> {
	const ca = await createRootCa({ name: 'CRL Test CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const crl = await x509.X509CrlGenerator.create(
		{
			issuer: ca.certificate.subjectName,
			thisUpdate: wholeSeconds(thisUpdate),
			nextUpdate: wholeSeconds(nextUpdate),
			signingKey: ca.keys.privateKey,
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			entries: []
		},
		deps.crypto
	);
	return {
		kind: 'crl',
		crl,
		label: 'certs/ca.crl',
		source: { file: 'certs/ca.crl' },
		der: new Uint8Array(crl.rawData)
	};
}

test('a CRL past its next update is reported with the date in words; a current one is not', async () => {
	const stale = await crlItem(new Date('2026-01-01Z'), new Date('2026-02-01T00:00:00Z'));
	const [f, ...rest] = crlFindings([stale], NOW);
	expect(rest).toEqual([]);
	expect(f).toMatchObject({ topic: 'crl', severity: 'error', file: 'certs/ca.crl' });
	expect(f!.message).toBe(
		'ca.crl is out of date: its next update was due on 2026-02-01 (28 days ago); software that checks CRLs refuses every certificate it covers ("CRL has expired").'
	);
	const current = await crlItem(new Date('2026-02-28Z'), new Date('2026-03-07Z'));
	expect(crlFindings([current], NOW)).toEqual([]);
	const future = await crlItem(new Date('2026-03-05Z'), new Date('2026-03-07Z'));
	expect(crlFindings([future], NOW)[0]!.message).toMatch(/^ca\.crl is not valid until 2026-03-05 \(in 3 days\)/);
});
