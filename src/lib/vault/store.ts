import { openDB, type IDBPDatabase } from 'idb';
import { PkiError } from '../pki/errors';
import { migrate } from './migrations';
import { DB_NAME, DB_VERSION, type CaRecord, type CertificateRecord, type VaultSchema } from './schema';

/**
 * The IndexedDB side of the vault. It stores only sealed keys and public data; every write is a
 * single transaction, so a failure (quota, a closed tab) leaves what was stored before unchanged.
 */
export class VaultStore {
	readonly #db: IDBPDatabase<VaultSchema>;

	private constructor(db: IDBPDatabase<VaultSchema>) {
		this.#db = db;
	}

	static async open(name = DB_NAME): Promise<VaultStore> {
		try {
			const db: IDBPDatabase<VaultSchema> = await openDB<VaultSchema>(name, DB_VERSION, {
				upgrade: (database, oldVersion, newVersion, tx) => migrate(database, oldVersion, newVersion ?? DB_VERSION, tx),
				// A newer version of the app opened in another tab needs this connection closed to upgrade.
				blocking: () => db.close()
			});
			return new VaultStore(db);
		} catch (error) {
			if (error instanceof DOMException && error.name === 'VersionError') {
				throw new PkiError('vault-newer', 'This browser holds a vault written by a newer version of the app. Open it with that version.');
			}
			throw storageError(error);
		}
	}

	close(): void {
		this.#db.close();
	}

	async listCas(): Promise<CaRecord[]> {
		const cas = await this.#db.getAll('cas');
		return cas.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
	}

	async getCa(id: string): Promise<CaRecord | undefined> {
		return this.#db.get('cas', id);
	}

	async addCa(record: CaRecord): Promise<void> {
		await write(() => this.#db.add('cas', record));
	}

	/** Replaces a CA record (same id), e.g. after its revocation locations changed. */
	async updateCa(record: CaRecord): Promise<void> {
		await write(async () => {
			const tx = this.#db.transaction('cas', 'readwrite');
			if (!(await tx.store.get(record.id))) throw new Error(`No CA ${record.id} to update`);
			await Promise.all([tx.store.put(record), tx.done]);
		});
	}

	async listCertificates(): Promise<CertificateRecord[]> {
		return this.#db.getAll('certificates');
	}

	/** All records of one issuance land together or not at all. */
	async addCertificates(records: CertificateRecord[]): Promise<void> {
		await write(async () => {
			const tx = this.#db.transaction('certificates', 'readwrite');
			await Promise.all([...records.map((r) => tx.store.add(r)), tx.done]);
		});
	}
}

async function write(action: () => Promise<unknown>): Promise<void> {
	try {
		await action();
	} catch (error) {
		throw storageError(error);
	}
}

function storageError(error: unknown): PkiError {
	const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
	return new PkiError(
		'storage-failed',
		quota
			? 'The browser refused to store more data (the disk or the site quota is full). Free some space and try again; nothing was changed.'
			: `The browser could not write to its storage (${error instanceof Error ? error.message : String(error)}). Nothing was changed; try again.`
	);
}
