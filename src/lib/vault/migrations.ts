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
	}
];

export function migrate(db: IDBPDatabase<VaultSchema>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
	for (let version = oldVersion; version < newVersion; version++) {
		const step = MIGRATIONS[version];
		if (!step) throw new Error(`No migration from vault version ${version}`);
		step(db, tx);
	}
}
