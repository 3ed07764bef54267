import { PkiError } from '../pki/errors';

/**
 * Far above any real vault: a CA record is about 2 KB of JSON and a certificate record with its DER
 * about 1.5 KB, so a lab of 1,000 nodes with a few certificates each is some 6 MB. Checked on the
 * file's size before it is read, and on the payload while it inflates, so a small file that unpacks to
 * gigabytes stops at the cap (and inflating up to it takes a few seconds, not minutes). Its own module
 * so the page can check a file's size without loading the backup reader.
 */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

/** Refuses a file larger than any backup before its bytes are read or decoded. */
export function checkBackupSize(bytes: number): void {
	if (bytes > MAX_BACKUP_BYTES)
		throw new PkiError(
			'backup-too-large',
			`This file is ${Math.round(bytes / 2 ** 20)} MB, larger than any vault backup the app writes ` +
				`(at most ${MAX_BACKUP_BYTES / 2 ** 20} MB). Nothing was changed; choose the .ocabackup file the app downloaded.`,
			'backupFile'
		);
}
