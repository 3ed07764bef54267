import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { VaultSchema } from './schema';

type UpgradeTx = IDBPTransaction<VaultSchema, StoreNames<VaultSchema>[], 'versionchange'>;

/**
 * Each entry upgrades the database from version i to i + 1, run in order inside IndexedDB's
 * versionchange transaction, so an interrupted upgrade leaves the previous version intact.
 */
export const MIGRATIONS: ((db: IDBPDatabase<VaultSchema>, tx: UpgradeTx) => void)[] = [
	// 0 → 1: CAs and the inventory of issued certificates.
	(db) => {
		db.createObjectStore('cas', { keyPath: 'id' });
		const certificates = db.createObjectStore('certificates', { keyPath: 'id' });
		certificates.createIndex('byCa', 'caId');
	},
	// 1 → 2: a small key/value store for device-local facts (last backup, auto-lock setting). Existing
	// records are untouched; a vault that already holds CAs counts as changed since its (unknown) last
	// backup, so the reminder shows until the first backup is made.
	(db, tx) => {
		db.createObjectStore('meta', { keyPath: 'key' });
		void tx
			.objectStore('cas')
			.count()
			.then((count) =>
				count > 0 ? tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: new Date() }) : undefined
			);
	}
];

export function migrate(db: IDBPDatabase<VaultSchema>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
	for (let version = oldVersion; version < newVersion; version++) {
		const step = MIGRATIONS[version];
		if (!step) throw new Error(`No migration from vault version ${version}`);
		step(db, tx);
	}
}
