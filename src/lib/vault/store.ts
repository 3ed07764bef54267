import { openDB, type IDBPDatabase } from 'idb';
import { PkiError } from '../pki/errors';
import { migrate } from './migrations';
import type { StoreDump } from './backup-codec';
import {
	DB_NAME,
	DB_VERSION,
	type CaRecord,
	type CertificateRecord,
	type MetaRecord,
	type VaultMeta,
	type VaultSchema
} from './schema';
import type { SealedKey } from './seal';

/** What a restore did, per object store: records added, and records kept because their id was already here. */
export type RestoreReport = Record<string, { added: number; kept: number }>;

type StoreName = 'cas' | 'certificates' | 'meta';

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
				throw new PkiError(
					'vault-newer',
					'This browser holds a vault written by a newer version of the app. Open it with that version.'
				);
			}
			throw storageError(error);
		}
	}

	/** The database's name, so the worker can record into the same vault. */
	get name(): string {
		return this.#db.name;
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

	/** The CA and the "changed since the last backup" mark land together. */
	async addCa(record: CaRecord): Promise<void> {
		await write(async () => {
			const tx = this.#db.transaction(['cas', 'meta'], 'readwrite');
			await Promise.all([
				tx.objectStore('cas').add(record),
				tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: record.createdAt }),
				tx.done
			]);
		});
	}

	/** Replaces a CA record (same id), e.g. after its revocation locations changed. */
	async updateCa(record: CaRecord, changedAt: Date = new Date()): Promise<void> {
		await write(async () => {
			const tx = this.#db.transaction(['cas', 'meta'], 'readwrite');
			const cas = tx.objectStore('cas');
			if (!(await cas.get(record.id))) throw new Error(`No CA ${record.id} to update`);
			// A changed CA is one a backup made before does not have.
			await Promise.all([
				cas.put(record),
				tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: changedAt }),
				tx.done
			]);
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

	/** Replaces existing certificate records (same ids) together; an unknown id aborts them all. */
	async putCertificates(records: CertificateRecord[]): Promise<void> {
		await write(async () => {
			const tx = this.#db.transaction('certificates', 'readwrite');
			for (const record of records) {
				if (!(await tx.store.get(record.id))) throw new Error(`No certificate ${record.id} to update`);
			}
			await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
		});
	}

	async getMeta(): Promise<VaultMeta> {
		const records = await this.#db.getAll('meta');
		return Object.fromEntries(records.map((r) => [r.key, r.value])) as VaultMeta;
	}

	async setMeta<K extends keyof VaultMeta>(key: K, value: VaultMeta[K]): Promise<void> {
		await write(() => this.#db.put('meta', { key, value } as MetaRecord));
	}

	/** Every store but the device-local `meta`, read in one transaction so the copy is consistent. */
	async dumpForBackup(): Promise<StoreDump> {
		const names = [...this.#db.objectStoreNames].filter((n) => n !== 'meta') as StoreName[];
		const tx = this.#db.transaction(names, 'readonly');
		const lists = await Promise.all(names.map((n) => tx.objectStore(n).getAll()));
		await tx.done;
		return Object.fromEntries(names.map((n, i) => [n, lists[i] ?? []]));
	}

	/**
	 * Merges an opened backup in ONE transaction: a record whose key is already here is kept as it is
	 * (the browser's copy may be newer, e.g. after a passphrase change), the others are added. Any
	 * failure aborts the transaction, so the vault is either fully merged or unchanged.
	 */
	async restoreBackup(stores: StoreDump, now: Date): Promise<RestoreReport> {
		const names = Object.keys(stores).filter((n) => (stores[n]?.length ?? 0) > 0);
		const unknown = names.filter((n) => n === 'meta' || !this.#db.objectStoreNames.contains(n as StoreName));
		if (unknown.length > 0) {
			throw new PkiError(
				'backup-unreadable',
				`This backup holds records (${unknown.join(', ')}) this version cannot store. Nothing was changed.`,
				'backupFile'
			);
		}
		if (names.length === 0) return {};
		// Keys are checked before the transaction starts: a JavaScript exception inside it would not abort it.
		const probe = this.#db.transaction(names as StoreName[], 'readonly');
		const keyPaths = Object.fromEntries(names.map((n) => [n, probe.objectStore(n as StoreName).keyPath as string]));
		for (const name of names) {
			if ((stores[name] as Record<string, unknown>[]).some((r) => typeof r[keyPaths[name]!] !== 'string')) {
				throw new PkiError(
					'backup-unreadable',
					`A ${name} record in this backup has no id. Nothing was changed.`,
					'backupFile'
				);
			}
		}
		const report: RestoreReport = {};
		await write(async () => {
			const tx = this.#db.transaction([...names, 'meta'] as StoreName[], 'readwrite');
			try {
				for (const name of names) {
					const store = tx.objectStore(name as StoreName);
					const counts = (report[name] = { added: 0, kept: 0 });
					for (const record of stores[name] as Record<string, unknown>[]) {
						if ((await store.count(record[keyPaths[name]!] as string)) > 0) counts.kept++;
						else {
							await store.add(record as never);
							counts.added++;
						}
					}
				}
				if ((report['cas']?.added ?? 0) > 0) await tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: now });
			} catch (error) {
				// A failed request aborts the transaction by itself; an exception thrown by add() (a record
				// that cannot be cloned) does not, and the records added before it must not stay.
				tx.done.catch(() => undefined);
				try {
					tx.abort();
				} catch {
					/* already aborted */
				}
				throw error;
			}
			await tx.done;
		});
		return report;
	}

	/**
	 * Swaps a CA's sealed key for one sealed with a new passphrase. `expected` is the sealed key the
	 * new one was made from: if another tab changed it meanwhile, nothing is written.
	 */
	async replaceSealedKey(caId: string, expected: SealedKey, next: SealedKey, now: Date): Promise<CaRecord> {
		let updated: CaRecord | undefined;
		await write(async () => {
			const tx = this.#db.transaction(['cas', 'meta'], 'readwrite');
			const cas = tx.objectStore('cas');
			const current = await cas.get(caId);
			if (!current || !sameBytes(current.sealedKey.ciphertext, expected.ciphertext)) {
				// Nothing has been written in this transaction, so it commits empty.
				throw new PkiError(
					'vault-conflict',
					'This CA was changed in another tab meanwhile. Reload the page and try again; nothing was changed.',
					'oldPassphrase'
				);
			}
			updated = { ...current, sealedKey: next };
			await cas.put(updated);
			await tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: now });
			await tx.done;
		});
		if (!updated) throw new Error('re-seal transaction finished without a record');
		return updated;
	}
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function write(action: () => Promise<unknown>): Promise<void> {
	try {
		await action();
	} catch (error) {
		if (error instanceof PkiError) throw error;
		throw storageError(error);
	}
}

function storageError(error: unknown): PkiError {
	if (error instanceof DOMException && error.name === 'QuotaExceededError')
		return new PkiError(
			'storage-full',
			'The browser refused to store more data (the disk or the site quota is full). ' +
				'Free some space and try again; nothing was changed.'
		);
	const why = error instanceof Error ? error.message : String(error);
	return new PkiError(
		'storage-failed',
		`The browser could not write to its storage (${why}). Nothing was changed; try again.`
	);
}
