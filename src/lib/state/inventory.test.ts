import { describe, expect, test } from 'vitest';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import {
	dashboardRows,
	expiryStatus,
	filterRows,
	inventoryRows,
	rowName,
	statusText,
	type DashboardRow
} from './ca-view';
import { csvField, inventoryCsv } from './inventory-csv';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number, hours = 0) => new Date(NOW.getTime() + days * DAY + hours * 3_600_000);

function cert(file: string, notAfter: Date, extra: Partial<CertificateRecord> = {}): CertificateRecord {
	return {
		id: `root:${file}`,
		caId: 'root',
		serialHex: `5e${file.length.toString(16).padStart(2, '0')}`,
		subject: `O=Cockroach, CN=${file}`,
		sans: [],
		profileId: 'cockroachdb',
		kindId: 'node',
		folder: '',
		certFile: file,
		notBefore: new Date('2026-01-01T00:00:00Z'),
		notAfter,
		issuedAt: new Date('2026-01-01T00:00:00Z'),
		...extra
	};
}

function ca(id: string, name: string, notAfter: Date, parentId?: string): CaRecord {
	return {
		id,
		name,
		keyAlgorithm: 'P-256',
		certificateDer: new Uint8Array([0x30, 0]),
		notBefore: new Date('2025-01-01T00:00:00Z'),
		notAfter,
		createdAt: new Date('2025-01-01T00:00:00Z'),
		sealedKey: {} as CaRecord['sealedKey'],
		...(parentId ? { parentId, chainDer: [new Uint8Array([0x30, 0])] } : {})
	};
}

describe('expiry status and warnings', () => {
	test.each([
		[31, 0, 'valid', 'Valid'],
		[30, 12, 'expires-30', 'Expires in 30 days'],
		[8, 1, 'expires-30', 'Expires in 8 days'],
		[7, 23, 'expires-7', 'Expires in 7 days'],
		[1, 0, 'expires-7', 'Expires in 1 day'],
		[0, 5, 'expires-7', 'Expires in less than a day'],
		[-1, 23, 'expired', 'Expired on 2026-03-01'],
		[-1, 0, 'expired', 'Expired on 2026-02-28']
	] as const)('%i days %i hours left: %s, "%s"', (days, hours, status, words) => {
		const [row] = inventoryRows([cert('node.crt', at(days, hours))], [], NOW);
		expect(row!.daysLeft).toBe(days === -1 && hours === 23 ? -1 : days);
		expect(row!.status).toBe(status);
		expect(row!.statusText).toBe(words);
	});

	test('revoked wins over the dates and says when and why', () => {
		const [row] = inventoryRows(
			[
				cert('client.alice.crt', at(-5), {
					revocation: { revokedAt: new Date('2026-02-01T10:00:00Z'), reason: 'keyCompromise' }
				})
			],
			[],
			NOW
		);
		expect(row!.status).toBe('revoked');
		expect(row!.statusText).toBe('Revoked on 2026-02-01: Key Compromise');
		expect(expiryStatus(100, true)).toBe('revoked');
		expect(statusText('revoked', 100, at(100))).toBe('Revoked');
	});
});

describe('dashboard rows', () => {
	const cas = [ca('root', 'Lab Root', at(3650)), ca('int', 'Lab Issuing', at(20), 'root')];
	const certs = [
		cert('node.crt', at(300), { folder: 'node2' }),
		cert('client.root.crt', at(-2)),
		cert('ui.crt', at(5)),
		cert('client.alice.crt', at(20), { revocation: { revokedAt: at(-1), reason: 'superseded' } })
	];
	const rows = dashboardRows(inventoryRows(certs, cas, NOW), cas, NOW);

	test('CAs and certificates together, soonest expiry first, CAs before their certificates on a tie', () => {
		expect(rows.map((r) => [r.kind, rowName(r), r.daysLeft, r.status])).toEqual([
			['leaf', 'client.root.crt', -2, 'expired'],
			['leaf', 'ui.crt', 5, 'expires-7'],
			['ca', 'Lab Issuing', 20, 'expires-30'],
			['leaf', 'client.alice.crt', 20, 'revoked'],
			['leaf', 'node2/node.crt', 300, 'valid'],
			['ca', 'Lab Root', 3650, 'valid']
		]);
		const intermediate = rows.find((r) => r.kind === 'ca' && r.id === 'int');
		expect(intermediate).toMatchObject({ caKind: 'intermediate', parentName: 'Lab Root' });
		expect(rows.find((r) => r.kind === 'ca' && r.id === 'root')).toMatchObject({ caKind: 'root' });
	});

	test.each([
		['all', 6],
		['expiring', 2],
		['expired', 1],
		['revoked', 1]
	] as const)('filter %s keeps %i rows', (filter, count) => {
		const kept = filterRows(rows, filter);
		expect(kept).toHaveLength(count);
		if (filter === 'expiring') expect(kept.map(rowName)).toEqual(['ui.crt', 'Lab Issuing']);
		if (filter === 'revoked') expect(kept.map(rowName)).toEqual(['client.alice.crt']);
	});
});

describe('CSV (RFC 4180)', () => {
	test.each([
		['plain', 'plain'],
		['a, b', '"a, b"'],
		['say "hi"', '"say ""hi"""'],
		['two\nlines', '"two\nlines"'],
		['cr\rlf', '"cr\rlf"'],
		['', '']
	])('field %j is written %j', (value, written) => {
		expect(csvField(value)).toBe(written);
	});

	test('a header, one CRLF-terminated line per row, quoting where needed, formulas defused', () => {
		const cas = [ca('root', 'Lab "Root", Inc', at(3650))];
		const certs = [
			cert('client.alice.crt', at(20), {
				subject: 'O=Acme\\, Inc., CN=alice',
				sans: ['DNS:a.example', 'IP:10.0.0.1'],
				revocation: { revokedAt: new Date('2026-02-20T08:00:00Z'), reason: 'keyCompromise' }
			}),
			cert('evil.crt', at(40), { subject: '=HYPERLINK("http://x")', sans: ['DNS:multi\nline'] })
		];
		const rows: DashboardRow[] = dashboardRows(inventoryRows(certs, cas, NOW), cas, NOW);
		const csv = inventoryCsv(rows, new Map([['root', { subject: 'CN=Lab Root', serialHex: '0abc' }]]));
		expect(csv.split('\r\n')).toEqual([
			'type,name/file,subject,SANs,CA,serial,notBefore,notAfter,days left,status,revoked at,reason',
			'certificate,client.alice.crt,"O=Acme\\, Inc., CN=alice","DNS:a.example, IP:10.0.0.1","Lab ""Root"", Inc",5e10,2026-01-01T00:00:00Z,2026-03-21T12:00:00Z,20,revoked,2026-02-20T08:00:00Z,keyCompromise',
			'certificate,evil.crt,"\'=HYPERLINK(""http://x"")","DNS:multi\nline","Lab ""Root"", Inc",5e08,2026-01-01T00:00:00Z,2026-04-10T12:00:00Z,40,valid,,',
			'root CA,"Lab ""Root"", Inc",CN=Lab Root,,,0abc,2025-01-01T00:00:00Z,2036-02-27T12:00:00Z,3650,valid,,',
			''
		]);
	});
});
