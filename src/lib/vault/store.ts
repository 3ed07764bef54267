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
import { planRestore, sameBytes, type RestorePreview } from './restore-plan';
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

	/**
	 * Replaces a CA record (same id), e.g. after its revocation locations changed, as compare and set:
	 * the stored record is read again in the same transaction and must still be at the revision `record`
	 * was made from. Otherwise another tab changed it meanwhile (a passphrase change, a CRL, a renewal)
	 * and writing would undo that change: nothing is written and `vault-conflict` is thrown. Answers the
	 * record as stored, with its revision bumped.
	 */
	async updateCa(record: CaRecord, changedAt: Date = new Date()): Promise<CaRecord> {
		return this.#compareAndSetCa(record.id, changedAt, (current) =>
			revisionOf(current) === revisionOf(record) ? record : null
		);
	}

	/**
	 * Records that CRL number `number` of a CA was signed, only if it is the next one: the stored last
	 * number is read again in the same transaction, so two tabs that signed the same number cannot both
	 * store it (RFC 5280 §5.2.3: a CRL number is never used twice). The loser's CRL is never handed out.
	 */
	async commitCrlNumber(caId: string, crl: NonNullable<CaRecord['crl']>, changedAt: Date): Promise<CaRecord> {
		return this.#compareAndSetCa(caId, changedAt, (current) =>
			(current.crl?.lastNumber ?? 0) === crl.lastNumber - 1 ? { ...current, crl } : null
		);
	}

	async #compareAndSetCa(
		caId: string,
		changedAt: Date,
		next: (current: CaRecord) => CaRecord | null
	): Promise<CaRecord> {
		let stored: CaRecord | undefined;
		await write(async () => {
			const tx = this.#db.transaction(['cas', 'meta'], 'readwrite');
			const cas = tx.objectStore('cas');
			const current = await cas.get(caId);
			const wanted = current && next(current);
			// Nothing has been written in this transaction yet, so it commits empty.
			if (!current || !wanted) throw changedElsewhere(current?.name);
			stored = { ...wanted, revision: revisionOf(current) + 1 };
			// A changed CA is one a backup made before does not have.
			await Promise.all([
				cas.put(stored),
				tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: changedAt }),
				tx.done
			]);
		});
		if (!stored) throw new Error('CA update transaction finished without a record');
		return stored;
	}

	async listCertificates(): Promise<CertificateRecord[]> {
		return this.#db.getAll('certificates');
	}

	async getCertificate(id: string): Promise<CertificateRecord | undefined> {
		return this.#db.get('certificates', id);
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

	/** What restoring `stores` would add and keep, against the vault as it is now; writes nothing. */
	async previewRestore(stores: StoreDump): Promise<RestorePreview> {
		this.#checkRestorable(stores);
		const tx = this.#db.transaction(['cas', 'certificates'], 'readonly');
		const [cas, ids] = await Promise.all([
			tx.objectStore('cas').getAll(),
			tx.objectStore('certificates').getAllKeys(),
			tx.done
		]);
		return planRestore(stores, cas, new Set(ids)).preview;
	}

	/**
	 * Merges an opened backup in ONE transaction: a record whose key is already here is kept as it is
	 * (the browser's copy may be newer, e.g. after a passphrase change), the others are added. What is
	 * here is read again inside that transaction and the plan (restore-plan.ts) made from it, so a
	 * preview shown earlier cannot be outrun by another tab. Any failure aborts the transaction, so the
	 * vault is either fully merged or unchanged.
	 */
	async restoreBackup(stores: StoreDump, now: Date): Promise<RestoreReport> {
		if (!this.#checkRestorable(stores)) return {};
		const report: RestoreReport = {};
		await write(async () => {
			const tx = this.#db.transaction(['cas', 'certificates', 'meta'], 'readwrite');
			const cas = tx.objectStore('cas');
			const certificates = tx.objectStore('certificates');
			try {
				const [here, ids] = await Promise.all([cas.getAll(), certificates.getAllKeys()]);
				// A refusal here comes before any write.
				const plan = planRestore(stores, here, new Set(ids));
				for (const record of plan.cas) await cas.add(record);
				for (const record of plan.certificates) await certificates.add(record);
				if (plan.cas.length > 0) await tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: now });
				report['cas'] = { added: plan.cas.length, kept: plan.preview.keptCas.length };
				report['certificates'] = { added: plan.certificates.length, kept: plan.preview.keptCertificates };
			} catch (error) {
				// A failed request aborts the transaction by itself; an exception thrown by add() (a record
				// that cannot be cloned) or by the plan does not, and the records added before it must not stay.
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

	/** Refuses stores this version cannot hold and records without an id; false when there is nothing to restore. */
	#checkRestorable(stores: StoreDump): boolean {
		const names = Object.keys(stores).filter((n) => (stores[n]?.length ?? 0) > 0);
		const unknown = names.filter((n) => n === 'meta' || !this.#db.objectStoreNames.contains(n as StoreName));
		if (unknown.length > 0) {
			throw new PkiError(
				'backup-unreadable',
				`This backup holds records (${unknown.join(', ')}) this version cannot store. Nothing was changed.`,
				'backupFile'
			);
		}
		for (const name of names) {
			if ((stores[name] as Record<string, unknown>[]).some((r) => typeof r['id'] !== 'string')) {
				throw new PkiError(
					'backup-unreadable',
					`A ${name} record in this backup has no id. Nothing was changed.`,
					'backupFile'
				);
			}
		}
		return names.length > 0;
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
			updated = { ...current, sealedKey: next, revision: revisionOf(current) + 1 };
			await cas.put(updated);
			await tx.objectStore('meta').put({ key: 'lastCaChangeAt', value: now });
			await tx.done;
		});
		if (!updated) throw new Error('re-seal transaction finished without a record');
		return updated;
	}
}

const revisionOf = (ca: CaRecord) => ca.revision ?? 0;

function changedElsewhere(name: string | undefined): PkiError {
	return new PkiError(
		'vault-conflict',
		name === undefined
			? 'This CA is no longer in the vault (another tab changed it). Nothing was changed.'
			: `${name} was changed in another tab meanwhile, so this change was not saved (it would have undone that one). ` +
					'The view was refreshed: check it and try again.',
		'form'
	);
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
