import { rowName, STATUS_LABEL, type DashboardRow } from './ca-view';

/** Subject and serial of a CA, read from its certificate in the worker (the page has no X.509 parser). */
export type CaFacts = Map<string, { subject: string; serialHex: string }>;

export const CSV_COLUMNS = [
	'type',
	'name/file',
	'subject',
	'SANs',
	'CA',
	'serial',
	'notBefore',
	'notAfter',
	'days left',
	'status',
	'revoked at',
	'reason'
] as const;

/**
 * RFC 4180 §2: a field holding a comma, a double quote, CR or LF is enclosed in double quotes, and a
 * double quote inside is doubled.
 */
export function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text a spreadsheet would run as a formula (a leading =, +, -, @, tab or CR) gets a leading
 * apostrophe (OWASP "CSV Injection"): subjects and SANs can come from a CSR someone else wrote.
 * Numbers and dates are written by this app and left alone.
 */
export function csvText(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const iso = (date: Date | undefined) => (date ? date.toISOString().replace('.000Z', 'Z') : '');

function cells(row: DashboardRow, caFacts: CaFacts): string[] {
	if (row.kind === 'ca') {
		const facts = caFacts.get(row.id);
		return [
			`${row.caKind} CA`,
			csvText(row.name),
			csvText(facts?.subject ?? ''),
			'',
			csvText(row.parentName ?? ''),
			facts?.serialHex ?? '',
			iso(row.notBefore),
			iso(row.notAfter),
			String(row.daysLeft),
			STATUS_LABEL[row.status],
			'',
			''
		];
	}
	return [
		'certificate',
		csvText(rowName(row)),
		csvText(row.subject),
		csvText(row.sans.join(', ')),
		csvText(row.caName),
		row.serialHex,
		iso(row.notBefore),
		iso(row.notAfter),
		String(row.daysLeft),
		STATUS_LABEL[row.status],
		iso(row.revocation?.revokedAt),
		row.revocation?.reason ?? ''
	];
}

/** The dashboard as CSV (RFC 4180: a header line, CRLF line breaks, quoted fields where needed). */
export function inventoryCsv(rows: readonly DashboardRow[], caFacts: CaFacts): string {
	const lines = [
		CSV_COLUMNS.map(csvField).join(','),
		...rows.map((row) => cells(row, caFacts).map(csvField).join(','))
	];
	return `${lines.join('\r\n')}\r\n`;
}
