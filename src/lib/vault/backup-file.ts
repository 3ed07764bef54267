import { deflateSync, Inflate, inflateSync } from 'fflate';
import { PkiError } from '../pki/errors';
import { decodeRecords, encodeRecords, fromBase64, toBase64, type StoreDump } from './backup-codec';
import { checkBackupStores } from './backup-check';
import { DB_VERSION } from './schema';
import { checkBackupSize, MAX_BACKUP_BYTES, MAX_PAYLOAD_BYTES } from './backup-limits';
import { MAX_KDF_ITERATIONS, MIN_KDF_ITERATIONS } from './kdf-bounds';
import { PBKDF2_ITERATIONS } from './seal';
import { passphraseKey } from './passphrase-key';

/**
 * The vault backup file, version 1:
 *
 *   OFFLINE-CA VAULT BACKUP\n          magic line, so the file names itself in a text editor
 *   {"format":1,"schema":2,...}\n      header: JSON, one line, at most 4 KiB
 *   <AES-256-GCM ciphertext + tag>     the deflated payload (backup-codec.ts), sealed
 *
 * The key comes from the backup passphrase by PBKDF2-HMAC-SHA-256 (600,000 iterations, OWASP Password
 * Storage Cheat Sheet, as for sealed CA keys in seal.ts). The magic and header bytes are the GCM
 * additional data (NIST SP 800-38D §5.2.1.1), so changing the format number, the KDF parameters or
 * the declared length breaks the tag as surely as changing the ciphertext. The header also says how
 * long the ciphertext is, so a file cut short is named as such before any key is derived, and a
 * newer format or schema is refused without asking for the passphrase. The CA keys inside stay sealed
 * with their own passphrases: a backup passphrase alone does not yield a usable CA key.
 */
export const BACKUP_FORMAT = 1;
export const BACKUP_MAGIC = 'OFFLINE-CA VAULT BACKUP\n';
const MAX_HEADER = 4096;
/** Deflate expands at most about 1032 to 1 (RFC 1951 §3.2.5), so one 4 KiB slice overshoots the cap by at most about 4 MB. */
const INFLATE_SLICE = 4 * 1024;
const MAX_DEFLATE_RATIO = 1032;

export interface BackupHeader {
	format: typeof BACKUP_FORMAT;
	/** The vault schema (DB_VERSION) the records inside were written with. */
	schema: number;
	createdAt: string;
	kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
	cipher: { name: 'AES-GCM'; iv: string };
	/** Ciphertext bytes, GCM tag included. */
	length: number;
}

export interface BackupContents {
	header: BackupHeader;
	/** Records by object store name; `meta` (device-local) is never in a backup. */
	stores: StoreDump;
}

const encoder = new TextEncoder();

/** The backup's key: the header carries the salt as base64. */
function backupKey(passphrase: string, kdf: BackupHeader['kdf'], crypto: Crypto, usage: KeyUsage): Promise<CryptoKey> {
	return passphraseKey(passphrase, { ...kdf, salt: fromBase64(kdf.salt) }, crypto, usage);
}

export async function sealBackup(
	stores: StoreDump,
	passphrase: string,
	crypto: Crypto,
	now: Date,
	iterations = PBKDF2_ITERATIONS
): Promise<Uint8Array<ArrayBuffer>> {
	const plain = deflateSync(encoder.encode(encodeRecords({ format: BACKUP_FORMAT, schema: DB_VERSION, stores })));
	const header: BackupHeader = {
		format: BACKUP_FORMAT,
		schema: DB_VERSION,
		createdAt: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
		kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(crypto.getRandomValues(new Uint8Array(16))) },
		cipher: { name: 'AES-GCM', iv: toBase64(crypto.getRandomValues(new Uint8Array(12))) },
		length: plain.length + 16
	};
	const aad = encoder.encode(`${BACKUP_MAGIC}${JSON.stringify(header)}\n`);
	const key = await backupKey(passphrase, header.kdf, crypto, 'encrypt');
	const sealed = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-GCM', iv: fromBase64(header.cipher.iv), additionalData: aad }, key, plain)
	);
	if (sealed.length !== header.length) throw new Error('AES-GCM output length differs from plaintext + tag');
	const file = new Uint8Array(aad.length + sealed.length);
	file.set(aad);
	file.set(sealed, aad.length);
	return file;
}

const unreadable = (why: string) =>
	new PkiError(
		'backup-unreadable',
		`This backup file ${why}. Nothing was changed. Use another copy of the backup.`,
		'backupFile'
	);

/** Reads and checks the header only: no key is derived. Throws PkiError for anything wrong. */
export function readBackupHeader(file: Uint8Array): {
	header: BackupHeader;
	aad: Uint8Array<ArrayBuffer>;
	ciphertext: Uint8Array<ArrayBuffer>;
} {
	checkBackupSize(file.length);
	const magic = encoder.encode(BACKUP_MAGIC);
	if (file.length < magic.length || magic.some((b, i) => file[i] !== b)) {
		throw new PkiError(
			'backup-unreadable',
			'This is not an Offline CA vault backup (it does not start with "OFFLINE-CA VAULT ' +
				'BACKUP"). Pick the .ocabackup file the app downloaded. Nothing was changed.',
			'backupFile'
		);
	}
	const end = file.subarray(magic.length, magic.length + MAX_HEADER).indexOf(0x0a);
	if (end < 0) throw unreadable('is cut short or damaged in its header');
	const headerEnd = magic.length + end + 1;
	let header: BackupHeader;
	try {
		header = JSON.parse(
			new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(magic.length, headerEnd - 1))
		) as BackupHeader;
	} catch {
		throw unreadable('has a damaged header');
	}
	checkHeader(header);
	const ciphertext = file.slice(headerEnd);
	if (ciphertext.length < header.length)
		throw unreadable(`is cut short (${ciphertext.length} of ${header.length} sealed bytes are there)`);
	if (ciphertext.length > header.length) throw unreadable('has extra bytes after its sealed contents');
	return { header, aad: file.slice(0, headerEnd), ciphertext };
}

function checkHeader(h: BackupHeader): void {
	if (!h || typeof h !== 'object' || typeof h.format !== 'number') throw unreadable('has a damaged header');
	if (h.format > BACKUP_FORMAT || (typeof h.schema === 'number' && h.schema > DB_VERSION)) {
		throw new PkiError(
			'backup-newer',
			'This backup was made by a newer version of Offline CA. Restore it with that version (or a later one). Nothing was changed.',
			'backupFile'
		);
	}
	const b64 = (s: unknown, bytes: number[]) => {
		try {
			return typeof s === 'string' && bytes.includes(fromBase64(s).length);
		} catch {
			return false;
		}
	};
	const ok =
		h.format === BACKUP_FORMAT &&
		Number.isInteger(h.schema) &&
		h.schema >= 1 &&
		h.kdf?.name === 'PBKDF2' &&
		h.kdf.hash === 'SHA-256' &&
		Number.isInteger(h.kdf.iterations) &&
		h.kdf.iterations >= MIN_KDF_ITERATIONS &&
		h.kdf.iterations <= MAX_KDF_ITERATIONS &&
		b64(h.kdf.salt, [16, 32]) &&
		h.cipher?.name === 'AES-GCM' &&
		b64(h.cipher.iv, [12]) &&
		Number.isInteger(h.length) &&
		h.length > 16 &&
		h.length <= MAX_BACKUP_BYTES;
	if (!ok) throw unreadable('has a damaged header');
}

/**
 * Checks and opens a backup entirely in memory: header, then the GCM tag over header and contents,
 * then the records. Only when all of that holds does the caller get records to write, so a bad file
 * never touches the vault.
 */
export async function openBackup(file: Uint8Array, passphrase: string, crypto: Crypto): Promise<BackupContents> {
	const { header, aad, ciphertext } = readBackupHeader(file);
	const key = await backupKey(passphrase, header.kdf, crypto, 'decrypt');
	let plain: Uint8Array;
	try {
		plain = new Uint8Array(
			await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: fromBase64(header.cipher.iv), additionalData: aad },
				key,
				ciphertext
			)
		);
	} catch {
		throw new PkiError(
			'backup-passphrase-wrong',
			'The backup passphrase does not open this file, or the file was altered. Check the ' +
				'passphrase (it is case-sensitive); if it is right, use another copy of the backup. ' +
				'Nothing was changed.',
			'backupPassphrase'
		);
	}
	return { header, stores: decodeBackupPayload(plain, header) };
}

/** The opened payload to records; exported for the fuzz suite, which reaches it without sealing each case. */
export function decodeBackupPayload(plain: Uint8Array, header: Pick<BackupHeader, 'format' | 'schema'>): StoreDump {
	const inflated = inflateCapped(plain);
	let payload: { format?: unknown; schema?: unknown; stores?: unknown };
	try {
		payload = decodeRecords(new TextDecoder('utf-8', { fatal: true }).decode(inflated)) as typeof payload;
	} catch {
		throw unreadable('is sealed correctly but its contents do not decode (it was written by a faulty version)');
	}
	if (!payload || payload.format !== header.format || payload.schema !== header.schema)
		throw unreadable('has contents that do not match its header');
	checkBackupStores(payload.stores);
	return payload.stores as StoreDump;
}

/** Inflates slice by slice and stops as soon as the output passes MAX_PAYLOAD_BYTES. */
function inflateCapped(deflated: Uint8Array): Uint8Array {
	// Input this small cannot unpack past the cap (deflate's ratio is at most about 1032 to 1), and one
	// synchronous call is much faster than a stream for it.
	if (deflated.length * MAX_DEFLATE_RATIO <= MAX_PAYLOAD_BYTES) {
		try {
			return inflateSync(deflated);
		} catch {
			throw unreadable('is sealed correctly but its contents do not decode (it was written by a faulty version)');
		}
	}
	const chunks: Uint8Array[] = [];
	let total = 0;
	let ended = false;
	const inflate = new Inflate((chunk, final) => {
		total += chunk.length;
		if (total > MAX_PAYLOAD_BYTES)
			throw new PkiError(
				'backup-too-large',
				`This backup unpacks to more than ${MAX_PAYLOAD_BYTES / 2 ** 20} MB, more than any vault the app ` +
					'backs up. Nothing was changed; use another copy of the backup.',
				'backupFile'
			);
		chunks.push(chunk);
		ended ||= final;
	});
	try {
		for (let at = 0; at < deflated.length; at += INFLATE_SLICE)
			inflate.push(deflated.subarray(at, at + INFLATE_SLICE), at + INFLATE_SLICE >= deflated.length);
	} catch (error) {
		if (error instanceof PkiError) throw error;
		throw unreadable('is sealed correctly but its contents do not decode (it was written by a faulty version)');
	}
	if (!ended)
		throw unreadable('is sealed correctly but its contents do not decode (it was written by a faulty version)');
	const out = new Uint8Array(total);
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}
