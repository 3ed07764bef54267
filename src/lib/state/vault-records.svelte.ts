import { platformDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import type { StoreDump } from '../vault/backup-codec';
import type { CaRecord, CertificateRecord, VaultMeta } from '../vault/schema';
import type { RestorePreview } from '../vault/restore-plan';
import type { SealedKey } from '../vault/seal';
import { VaultStore, type RestoreReport } from '../vault/store';
import { certificateRecords, type Issued, type RecordTarget } from '../worker/record-issued';
import type { VaultChannel } from './vault-channel';

const changedElsewhere = (name: string | undefined) =>
	`${name ?? 'A CA'} was changed in another tab; the view was refreshed.`;

/**
 * The vault's records as the page shows them: CA records and the certificate inventory, read from
 * IndexedDB (VaultStore, which this class alone holds) and kept current when this tab, another tab
 * or a restore writes them. No keys: those are the keyring's (keyring.svelte.ts). Issued
 * certificates are written by the worker (worker/record-issued.ts); this class only shows them.
 */
export class VaultRecords {
	#cas = $state.raw<CaRecord[]>([]);
	#certificates = $state.raw<CertificateRecord[]>([]);
	#loadError = $state<string | null>(null);
	/** Said once when this page's view of a CA was replaced by another tab's change; the person dismisses it. */
	notice = $state<string | null>(null);
	#store: VaultStore | null = null;
	#reloads = 0;
	readonly #now: () => Date;
	readonly #channel: VaultChannel | undefined;

	constructor(now: () => Date = platformDeps().now, channel?: VaultChannel) {
		this.#now = now;
		// Another tab wrote records: re-read them (vault-channel.ts).
		this.#channel = channel;
		channel?.subscribe((message) => {
			if (message.type === 'records') void this.#reloadFromOtherTab();
		});
	}

	get cas(): readonly CaRecord[] {
		return this.#cas;
	}

	get certificates(): readonly CertificateRecord[] {
		return this.#certificates;
	}

	/** Why the vault could not be opened, if it could not. */
	get loadError(): string | null {
		return this.#loadError;
	}

	/** The page's clock, which stamps what the vault records. */
	now(): Date {
		return this.#now();
	}

	async load(): Promise<void> {
		try {
			this.#store = await VaultStore.open();
			this.#cas = await this.#store.listCas();
			this.#certificates = await this.#store.listCertificates();
		} catch (error) {
			this.#loadError = error instanceof PkiError ? error.message : `The vault could not be opened: ${String(error)}`;
		}
	}

	/**
	 * Re-reads CAs and inventory, after another tab, a restore or this tab wrote them. Reads can finish
	 * out of order; only the latest one started is applied, so an older snapshot never hides a record.
	 */
	async reload(): Promise<void> {
		if (!this.#store) return;
		const generation = ++this.#reloads;
		const [cas, certificates] = await Promise.all([this.#store.listCas(), this.#store.listCertificates()]);
		if (generation !== this.#reloads) return;
		this.#cas = cas;
		this.#certificates = certificates;
	}

	/** A reload because another tab wrote: when a CA this page showed was changed there, the notice says so. */
	async #reloadFromOtherTab(): Promise<void> {
		const shown = this.#cas;
		await this.reload();
		const changed = this.#cas.find((ca) => {
			const before = shown.find((s) => s.id === ca.id);
			return before !== undefined && (before.revision ?? 0) !== (ca.revision ?? 0);
		});
		if (changed) this.notice = changedElsewhere(changed.name);
	}

	/** A CA of the vault; an unknown id is a defect of the caller. */
	ca(caId: string): CaRecord {
		const ca = this.cas.find((c) => c.id === caId);
		if (!ca) throw new Error(`Unknown CA ${caId}`);
		return ca;
	}

	async addCa(record: CaRecord): Promise<void> {
		await this.#requireStore().addCa(record);
		this.#cas = [...this.#cas, record];
		this.#announce();
	}

	/**
	 * Replaces a stored CA record with the same id, made from the revision this page shows. If another
	 * tab changed the CA meanwhile the store refuses (compare and set, VaultStore.updateCa): the view is
	 * refreshed, the notice says so, and the refusal reaches the form.
	 */
	async replaceCa(record: CaRecord): Promise<void> {
		await this.#storeCa(() => this.#requireStore().updateCa(record, this.#now()), record.id);
	}

	/** Stores the CRL number just signed for a CA, refused unless it is the next one (VaultStore.commitCrlNumber). */
	async commitCrl(caId: string, crl: NonNullable<CaRecord['crl']>): Promise<void> {
		await this.#storeCa(() => this.#requireStore().commitCrlNumber(caId, crl, this.#now()), caId);
	}

	async #storeCa(write: () => Promise<CaRecord>, caId: string): Promise<void> {
		let stored: CaRecord;
		try {
			stored = await write();
		} catch (error) {
			if (error instanceof PkiError && error.code === 'vault-conflict') {
				const name = this.#cas.find((ca) => ca.id === caId)?.name;
				await this.reload();
				this.notice = changedElsewhere(name);
			}
			throw error;
		}
		// A reload started before this write would bring back the previous revision: it is dropped.
		this.#reloads++;
		this.#cas = this.#cas.map((ca) => (ca.id === stored.id ? stored : ca));
		this.#announce();
	}

	/**
	 * A certificate's DER as stored. The records shown right after an issuance come without it (the
	 * worker keeps it out of its answer, worker/record-issued.ts); the vault has it.
	 */
	async storedCertificateDer(id: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
		return (await this.#store?.getCertificate(id))?.certificateDer;
	}

	/** Adds new certificate records in one transaction (a kept throwaway lab CA's certificates). */
	async addCertificates(records: CertificateRecord[]): Promise<void> {
		await this.#requireStore().addCertificates(records);
		this.#certificates = [...this.#certificates, ...records];
		this.#announce();
	}

	/** Replaces certificate records with the same ids in one transaction, e.g. to mark them revoked. */
	async replaceCertificates(records: CertificateRecord[]): Promise<void> {
		await this.#requireStore().putCertificates(records);
		this.#certificates = this.#certificates.map((c) => records.find((r) => r.id === c.id) ?? c);
		this.#announce();
	}

	/** Refuses at once, before any work is done, when nothing could be saved. */
	ensureWritable(): void {
		this.#requireStore();
	}

	/** Where and when the worker records the certificates of one issuance (worker/record-issued.ts). */
	recordTarget(facts: Pick<RecordTarget, 'renewalOf' | 'origin'> = {}): RecordTarget {
		return { dbName: this.#requireStore().name, issuedAt: this.#now(), ...facts };
	}

	/** Shows the certificates the worker recorded under `target`, as the same records, and tells the other tabs. */
	showRecorded(issued: Issued[], target: RecordTarget): void {
		const recorded = certificateRecords(issued, target);
		// A reload for another tab's write may have brought these records already: each is listed once.
		const ids = recorded.map((r) => r.id);
		this.#certificates = [...this.#certificates.filter((c) => !ids.includes(c.id)), ...recorded];
		this.#announce();
	}

	// Upkeep for vault-care.svelte.ts (backup, restore, passphrase change, settings), on the same store.

	async readMeta(): Promise<VaultMeta> {
		return this.#requireStore().getMeta();
	}

	async writeMeta<K extends keyof VaultMeta>(key: K, value: VaultMeta[K]): Promise<void> {
		await this.#requireStore().setMeta(key, value);
		this.#announce();
	}

	/** Every record a backup keeps, read in one transaction so the copy is consistent. */
	dumpForBackup(): Promise<StoreDump> {
		return this.#requireStore().dumpForBackup();
	}

	/** What restoring a backup's records would add and keep here (VaultStore.previewRestore); writes nothing. */
	previewRestore(stores: StoreDump): Promise<RestorePreview> {
		return this.#requireStore().previewRestore(stores);
	}

	/** Adds a backup's records to the vault in one transaction (VaultStore.restoreBackup), then shows them. */
	async restoreBackup(stores: StoreDump): Promise<RestoreReport> {
		const report = await this.#requireStore().restoreBackup(stores, this.#now());
		await this.reload();
		this.#announce();
		return report;
	}

	/** A CA as stored now (another tab may have changed it since this page read it), or undefined once removed. */
	storedCa(caId: string): Promise<CaRecord | undefined> {
		return this.#requireStore().getCa(caId);
	}

	/** Swaps a CA's sealed key, refused if another tab changed it meanwhile (VaultStore.replaceSealedKey), then shows it. */
	async replaceSealedKey(caId: string, expected: SealedKey, next: SealedKey): Promise<void> {
		await this.#storeCa(() => this.#requireStore().replaceSealedKey(caId, expected, next, this.#now()), caId);
	}

	#announce(): void {
		this.#channel?.post({ type: 'records' });
	}

	#requireStore(): VaultStore {
		if (!this.#store)
			throw new PkiError(
				'storage-unavailable',
				'The browser storage is not available, so nothing can be saved. Reload the page.'
			);
		return this.#store;
	}
}
