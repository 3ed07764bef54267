import { platformDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { downloadBytes } from '../download';
import { checkStrongNewPassphrase } from '../vault/passphrase-floor';
import { checkBackupSize } from '../vault/backup-limits';
import type { StoreDump } from '../vault/backup-codec';
import type { RestorePreview } from '../vault/restore-plan';
import type { VaultMeta } from '../vault/schema';
import type { RestoreReport } from '../vault/store';
import type { CallOptions, PkiWorkerClient } from '../worker/client';
import { DEFAULT_IDLE_MINUTES } from './auto-lock';
import type { VaultChannel } from './vault-channel';
import type { VaultRecords } from './vault-records.svelte';

/** Browser answers to navigator.storage.persist(): granted, refused, or no such API. */
export type Persistence = 'granted' | 'refused' | 'unsupported' | 'unknown';

/** What vault care reads and writes in the vault: the records' upkeep API, and nothing else of them. */
export type VaultUpkeep = Pick<
	VaultRecords,
	| 'cas'
	| 'readMeta'
	| 'writeMeta'
	| 'dumpForBackup'
	| 'previewRestore'
	| 'restoreBackup'
	| 'storedCa'
	| 'replaceSealedKey'
>;

/** An opened and checked backup waiting for the person's confirmation, with what it would change. */
export interface PendingRestore {
	preview: RestorePreview;
	stores: StoreDump;
}

/**
 * Keeping the vault: backup and restore, passphrase changes, the auto-lock setting and persistent
 * storage. Orchestration only: sealing runs in the worker, records are read and written through the
 * vault records' upkeep API, which also tells the other tabs.
 */
export class VaultCare {
	meta = $state.raw<VaultMeta>({});
	persistence = $state<Persistence>('unknown');
	readonly #vault: VaultUpkeep;
	readonly #worker: PkiWorkerClient;
	readonly #now: () => Date;
	#askedPersistence = false;

	constructor(
		vault: VaultUpkeep,
		worker: PkiWorkerClient,
		channel?: VaultChannel,
		now: () => Date = platformDeps().now
	) {
		this.#vault = vault;
		this.#worker = worker;
		this.#now = now;
		channel?.subscribe((message) => {
			if (message.type === 'records') void this.loadMeta();
		});
	}

	/** A backup is due when the vault holds CAs and one changed after the last backup (or none was made). */
	backupDue = $derived.by(() => {
		const { lastBackupAt, lastCaChangeAt } = this.meta;
		if (this.#vault.cas.length === 0) return false;
		return !lastBackupAt || (lastCaChangeAt !== undefined && lastCaChangeAt.getTime() > lastBackupAt.getTime());
	});

	idleMinutes = $derived(this.meta.idleLockMinutes ?? DEFAULT_IDLE_MINUTES);

	async loadMeta(): Promise<void> {
		try {
			this.meta = await this.#vault.readMeta();
		} catch {
			// The vault did not open; VaultRecords.loadError already says why.
		}
	}

	async backup(passphrase: string, confirmation: string, options: CallOptions = {}): Promise<string> {
		await onField(() => checkStrongNewPassphrase(passphrase, confirmation), {
			passphrase: 'backupPassphrase',
			passphraseConfirm: 'backupPassphraseConfirm'
		});
		const stores = await this.#vault.dumpForBackup();
		const file = await this.#worker.call({ op: 'sealBackup', stores, passphrase }, options);
		const now = this.#now();
		const name = `offline-ca-vault-${now.toISOString().slice(0, 10)}.ocabackup`;
		downloadBytes(name, file, 'application/octet-stream');
		await this.#vault.writeMeta('lastBackupAt', now);
		await this.loadMeta();
		return name;
	}

	/**
	 * Step one of a restore: the file's size is checked before it is read, then the worker opens it and
	 * checks every record (backup-file.ts, backup-check.ts), then the plan against this vault is made
	 * (restore-plan.ts). Nothing is written: the answer is what would be added, for the person to confirm.
	 */
	async previewRestore(file: Blob, passphrase: string, options: CallOptions = {}): Promise<PendingRestore> {
		checkBackupSize(file.size);
		if (!passphrase)
			throw new PkiError(
				'backup-passphrase-missing',
				'Enter the passphrase chosen when the backup was made.',
				'backupPassphrase'
			);
		const bytes = new Uint8Array(await file.arrayBuffer());
		const opened = await this.#worker.call({ op: 'openBackup', file: bytes, passphrase }, options);
		return { preview: await this.#vault.previewRestore(opened.stores), stores: opened.stores };
	}

	/** Step two, after the person confirmed: everything is written in one transaction, re-checked against the vault as it is then. */
	async confirmRestore(pending: PendingRestore): Promise<RestoreReport> {
		const report = await this.#vault.restoreBackup(pending.stores);
		await this.loadMeta();
		return report;
	}

	async changePassphrase(
		caId: string,
		oldPassphrase: string,
		newPassphrase: string,
		confirmation: string,
		options: CallOptions = {}
	): Promise<void> {
		await onField(() => checkStrongNewPassphrase(newPassphrase, confirmation), {
			passphrase: 'newPassphrase',
			passphraseConfirm: 'newPassphraseConfirm'
		});
		const ca = await this.#vault.storedCa(caId);
		if (!ca)
			throw new PkiError(
				'vault-conflict',
				'This CA is no longer in the vault (another tab changed it). Reload the page.',
				'oldPassphrase'
			);
		const sealedKey = await this.#worker.call(
			{ op: 'resealCa', caId, keyAlgorithm: ca.keyAlgorithm, sealedKey: ca.sealedKey, oldPassphrase, newPassphrase },
			options
		);
		await this.#vault.replaceSealedKey(caId, ca.sealedKey, sealedKey);
		await this.loadMeta();
	}

	async setIdleMinutes(minutes: number): Promise<void> {
		await this.#vault.writeMeta('idleLockMinutes', minutes);
		await this.loadMeta();
	}

	/**
	 * Asks once per page for persistent storage (Storage Standard §4.5): without it the browser may
	 * evict the vault under storage pressure. Chromium answers from its own heuristics without a
	 * prompt; Firefox asks the person.
	 */
	async ensurePersisted(force = false): Promise<void> {
		const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
		if (!storage?.persist || !storage.persisted) {
			this.persistence = 'unsupported';
			return;
		}
		if (await storage.persisted()) {
			this.persistence = 'granted';
			return;
		}
		if (this.#askedPersistence && !force) return;
		this.#askedPersistence = true;
		this.persistence = (await storage.persist()) ? 'granted' : 'refused';
	}
}

/** Re-files a passphrase check's error under this form's input names. */
async function onField(check: () => Promise<void>, fields: Record<string, string>): Promise<void> {
	try {
		await check();
	} catch (error) {
		if (error instanceof PkiError && error.field && fields[error.field])
			throw new PkiError(error.code, error.message, fields[error.field]);
		throw error;
	}
}
