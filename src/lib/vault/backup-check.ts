import { PkiError } from '../pki/errors';
import { IV_BYTES, kdfProblem } from './kdf-bounds';

/**
 * The check of every record in an opened backup, before anything is shown or written. The GCM tag
 * proves only that the file was sealed with the backup passphrase, and anyone can seal a file with a
 * passphrase of their own: so the records are read as hostile. Each must have the fields the app
 * relies on, with the right types, ids shaped as the app writes them, sizes within budgets, KDF
 * parameters the app could have written (kdf-bounds.ts), and must belong to a CA of the same file.
 */

/**
 * Budgets far above a real vault (a lab is at most 1,000 nodes, a few certificates each; a CA record is
 * about 2 KB) that keep a crafted file from making the tab store or show millions of records.
 */
export const MAX_BACKUP_CAS = 1000;
export const MAX_BACKUP_CERTIFICATES = 50_000;
/** Per field: a DER certificate or chain entry of an RSA-4096 CA is under 2 KB; names, SANs and paths are short. */
const MAX_BYTES_FIELD = 64 * 1024;
const MAX_STRING = 8 * 1024;
const MAX_ARRAY = 4096;
const MAX_DEPTH = 8;
/** A sealed PKCS#8 of the largest key the app makes (RSA 4096) is about 2.4 KB. */
const MAX_SEALED_KEY = 16 * 1024;

/** crypto.randomUUID() (RFC 9562) is what the app writes; shorter letter-and-digit ids are the tests'. */
const CA_ID = /^[A-Za-z0-9-]{1,64}$/;
/** A positive serial of at most 20 octets (RFC 5280 §4.1.2.2), as lowercase hex. */
const SERIAL_HEX = /^[0-9a-f]{1,40}$/;

type Rec = Record<string, unknown>;

const str = (v: unknown) => typeof v === 'string';
const date = (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime());
const bytes = (v: unknown) => v instanceof Uint8Array;
const obj = (v: unknown): v is Rec =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

const SHAPES: Record<string, (r: Rec) => boolean> = {
	cas: (r) => {
		const sealed = r['sealedKey'];
		if (!obj(sealed) || !obj(sealed['kdf']) || !obj(sealed['cipher'])) return false;
		return (
			str(r['id']) &&
			str(r['name']) &&
			str(r['keyAlgorithm']) &&
			bytes(r['certificateDer']) &&
			date(r['notBefore']) &&
			date(r['notAfter']) &&
			date(r['createdAt']) &&
			typeof sealed['format'] === 'number' &&
			bytes(sealed['ciphertext']) &&
			bytes(sealed['kdf']['salt']) &&
			typeof sealed['kdf']['iterations'] === 'number' &&
			bytes(sealed['cipher']['iv'])
		);
	},
	certificates: (r) =>
		str(r['id']) &&
		str(r['caId']) &&
		str(r['serialHex']) &&
		str(r['subject']) &&
		Array.isArray(r['sans']) &&
		str(r['certFile']) &&
		date(r['notBefore']) &&
		date(r['notAfter']) &&
		date(r['issuedAt'])
};

const damaged = (why: string) =>
	new PkiError(
		'backup-unreadable',
		`This backup file holds a damaged record (${why}). Nothing was changed. Use another copy of the backup.`,
		'backupFile'
	);
const invalid = (why: string) =>
	new PkiError(
		'backup-record-invalid',
		`This backup holds ${why}, which the app never writes. Nothing was changed; use another copy of the backup.`,
		'backupFile'
	);

/** Throws a PkiError naming the first problem; stores this version does not know are only required to hold objects. */
export function checkBackupStores(stores: unknown): void {
	if (!obj(stores)) throw damaged('no record list');
	for (const [name, records] of Object.entries(stores)) {
		if (name === 'meta') throw damaged('device settings in a backup');
		if (!Array.isArray(records)) throw damaged(`${name} is not a list`);
		const limit = name === 'cas' ? MAX_BACKUP_CAS : MAX_BACKUP_CERTIFICATES;
		if (records.length > limit)
			throw new PkiError(
				'backup-too-large',
				`This backup holds ${records.length.toLocaleString('en-US')} ${name} records; the app restores at most ` +
					`${limit.toLocaleString('en-US')}. Nothing was changed.`,
				'backupFile'
			);
		const shape = SHAPES[name];
		for (const record of records) {
			if (!obj(record)) throw damaged(`a ${name} entry is not a record`);
			if (shape && !shape(record)) throw damaged(`a ${name} record lacks a field`);
			const oversize = sizeProblem(record, 0);
			if (oversize) throw invalid(`a ${name} record with ${oversize}`);
		}
	}
	const cas = (stores['cas'] ?? []) as Rec[];
	const caIds = new Set<string>();
	for (const ca of cas) checkCa(ca, caIds);
	for (const record of (stores['certificates'] ?? []) as Rec[]) checkCertificate(record, caIds);
}

function checkCa(ca: Rec, seen: Set<string>): void {
	const id = ca['id'] as string;
	const name = JSON.stringify((ca['name'] as string).slice(0, 80));
	if (!CA_ID.test(id)) throw invalid(`a CA (${name}) with a malformed id`);
	if (seen.has(id)) throw invalid(`two CAs with the same id (${name})`);
	seen.add(id);
	const sealed = ca['sealedKey'] as { kdf: Rec; cipher: Rec; ciphertext: Uint8Array };
	const kdf = kdfProblem(sealed.kdf);
	if (kdf) throw invalid(`a CA (${name}) whose sealed key asks for ${kdf}`);
	if ((sealed.cipher['iv'] as Uint8Array).byteLength !== IV_BYTES || sealed.cipher['name'] !== 'AES-GCM')
		throw invalid(`a CA (${name}) whose sealed key has an unexpected cipher`);
	if (sealed.ciphertext.byteLength > MAX_SEALED_KEY) throw invalid(`a CA (${name}) with an oversized sealed key`);
}

function checkCertificate(record: Rec, caIds: ReadonlySet<string>): void {
	const [id, caId, serial] = [record['id'], record['caId'], record['serialHex']] as string[];
	if (!SERIAL_HEX.test(serial!)) throw invalid('a certificate record with a malformed serial number');
	if (id !== `${caId}:${serial}`) throw invalid(`a certificate record (${serial}) whose id is not its CA and serial`);
	if (!caIds.has(caId!))
		throw new PkiError(
			'backup-foreign-record',
			`This backup holds a certificate record (${serial}) of a CA that is not in the file. A backup may only add ` +
				'records of the CAs it contains. Nothing was changed; use another copy of the backup.',
			'backupFile'
		);
}

/** The first field over its budget, in words, or null: nothing a record holds may be huge or deeply nested. */
function sizeProblem(value: unknown, depth: number): string | null {
	if (depth > MAX_DEPTH) return 'fields nested too deeply';
	if (typeof value === 'string') return value.length > MAX_STRING ? 'an oversized text field' : null;
	if (value instanceof Uint8Array) return value.byteLength > MAX_BYTES_FIELD ? 'an oversized binary field' : null;
	if (Array.isArray(value)) {
		if (value.length > MAX_ARRAY) return 'an oversized list';
		for (const item of value) {
			const problem = sizeProblem(item, depth + 1);
			if (problem) return problem;
		}
		return null;
	}
	if (obj(value)) {
		const entries = Object.entries(value);
		if (entries.length > MAX_ARRAY) return 'too many fields';
		for (const [, v] of entries) {
			const problem = sizeProblem(v, depth + 1);
			if (problem) return problem;
		}
	}
	return null;
}
