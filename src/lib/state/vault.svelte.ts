import { SvelteMap } from 'svelte/reactivity';
import type { KeyAlgorithm } from '../pki/algorithms';
import { platformDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import type { RevocationLocations } from '../pki/issue/prepare';
import { validateLocations } from '../pki/locations';
import { downloadBytes } from '../download';
import { checkNewPassphrase } from '../vault/passphrase';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';
import type { PkiWorkerClient, CallOptions } from '../worker/client';
import { certificateRecords, type RecordTarget } from '../worker/record-issued';
import type { LabDefinition } from '../pki/lab/definition';
import type { CreatedCa, FolderRequest, IssuedBundle, UnlockedCa } from '../worker/protocol';
import type { BundleOutput } from '../export/bundle';
import type { CaOptions } from '../pki/ca';
import { signingUri } from '../pki/spiffe';
import { caView, hierarchyOrder, inventoryRows, type CaView, type InventoryRow } from './ca-view';
import { rotationTrust } from './rotation-trust';
import type { VaultChannel } from './vault-channel';

export interface CreateCaInput {
	name: string;
	keyAlgorithm: KeyAlgorithm;
	days: number;
	passphrase: string;
	passphraseConfirm: string;
	/** Optional OCSP / caIssuers / CRL URLs, as typed. */
	locations?: Partial<Record<keyof RevocationLocations, string>>;
	/** Name constraints, URI SAN, path length, subject (all optional). */
	options?: CaOptions;
}

/**
 * The page's model of the vault: CA records from IndexedDB, which CAs are unlocked (their
 * non-extractable keys, held only in this object's memory), and the inventory. All crypto goes to
 * the worker; this class only orchestrates and persists.
 */
export class VaultState {
	cas = $state.raw<CaRecord[]>([]);
	certificates = $state.raw<CertificateRecord[]>([]);
	algorithmSupport = $state.raw<Record<KeyAlgorithm, string | null> | null>(null);
	loadError = $state<string | null>(null);
	lastUnlockMs = $state<number | null>(null);
	readonly #keys = new SvelteMap<string, CryptoKey>();
	readonly #worker: PkiWorkerClient;
	#store: VaultStore | null = null;

	readonly #now: () => Date;
	readonly #channel: VaultChannel | undefined;

	constructor(worker: PkiWorkerClient, now: () => Date = platformDeps().now, channel?: VaultChannel) {
		this.#worker = worker;
		this.#now = now;
		// Other tabs: their locks apply here too, their new records are re-read (vault-channel.ts).
		this.#channel = channel;
		channel?.subscribe((message) => {
			if (message.type === 'lock') {
				if (message.caId) this.#keys.delete(message.caId);
				else this.#keys.clear();
			} else void this.reload();
		});
	}

	#reloads = 0;

	/**
	 * Re-reads CAs and inventory, after another tab, a restore or this tab wrote them. Reads can finish
	 * out of order; only the latest one started is applied, so an older snapshot never hides a record.
	 */
	async reload(): Promise<void> {
		if (!this.#store) return;
		const generation = ++this.#reloads;
		const [cas, certificates] = await Promise.all([this.#store.listCas(), this.#store.listCertificates()]);
		if (generation !== this.#reloads) return;
		this.cas = cas;
		this.certificates = certificates;
	}

	/** For vault-care.svelte.ts (backup, restore, passphrase change), which shares this store. */
	storeForMaintenance(): VaultStore {
		return this.#requireStore();
	}

	/** Tells the other tabs that records changed. */
	announceRecords(): void {
		this.#channel?.post({ type: 'records' });
	}

	/**
	 * Forgets every unlocked key: the SvelteMap held the only references to the CryptoKeys (the worker
	 * gets them per request only), so they become garbage. `shared` also locks the other tabs.
	 */
	lockAll(shared: boolean): void {
		this.#keys.clear();
		if (shared) this.#channel?.post({ type: 'lock', caId: null });
	}

	get hasUnlocked(): boolean {
		return this.#keys.size > 0;
	}

	views = $derived.by((): CaView[] => {
		const now = this.#now();
		return hierarchyOrder(this.cas.map((ca) => caView(ca, this.#keys.has(ca.id), now)));
	});

	inventory = $derived.by((): InventoryRow[] => inventoryRows(this.certificates, this.cas, this.#now()));

	async load(): Promise<void> {
		try {
			this.#store = await VaultStore.open();
			this.cas = await this.#store.listCas();
			this.certificates = await this.#store.listCertificates();
		} catch (error) {
			this.loadError = error instanceof PkiError ? error.message : `The vault could not be opened: ${String(error)}`;
		}
		// Not awaited: the answer waits for the worker to start (parsing its code takes a few hundred
		// ms), and nothing needs it before the user picks an algorithm. Until it comes, every algorithm
		// is offered; requests sent meanwhile are delivered once the worker has started.
		void this.#probeAlgorithms();
	}

	async #probeAlgorithms(): Promise<void> {
		try {
			this.algorithmSupport = await this.#worker.call({ op: 'probeAlgorithms' });
		} catch (error) {
			this.loadError = `The page's crypto worker did not start, so nothing can be issued: ${error instanceof Error ? error.message : String(error)}. Reload the page.`;
		}
	}

	#requireStore(): VaultStore {
		if (!this.#store)
			throw new PkiError(
				'storage-failed',
				'The browser storage is not available, so nothing can be saved. Reload the page.'
			);
		return this.#store;
	}

	async createCa(input: CreateCaInput, options: CallOptions = {}): Promise<CaRecord> {
		checkNewPassphrase(input.passphrase, input.passphraseConfirm);
		const locations = validateLocations(input.locations ?? {});
		const store = this.#requireStore();
		const caId = crypto.randomUUID();
		const created = await this.#worker.call(
			{
				op: 'createCa',
				caId,
				name: input.name,
				keyAlgorithm: input.keyAlgorithm,
				days: input.days,
				passphrase: input.passphrase,
				options: input.options
			},
			options
		);
		return this.#store_(store, caId, input, created, Object.keys(locations).length > 0 ? { locations } : {});
	}

	/**
	 * An intermediate under an unlocked CA of the vault. A Connect CA's intermediate signs for the
	 * same trust domain, so it carries the parent's spiffe:// URI (Consul's intermediates do:
	 * agent/connect/ca/provider_consul.go GenerateIntermediate).
	 */
	async createIntermediate(parentId: string, input: CreateCaInput, options: CallOptions = {}): Promise<CaRecord> {
		checkNewPassphrase(input.passphrase, input.passphraseConfirm);
		const locations = validateLocations(input.locations ?? {});
		const store = this.#requireStore();
		const parent = this.#ca(parentId);
		const parentKey = this.#keys.get(parentId);
		if (!parentKey) throw new PkiError('ca-locked', `Unlock ${parent.name} before creating a CA under it.`, 'form');
		const trustDomain = parent.trustDomain;
		const caOptions: CaOptions = { ...input.options, ...(trustDomain ? { uris: [signingUri(trustDomain)] } : {}) };
		const caId = crypto.randomUUID();
		const created = await this.#worker.call(
			{
				op: 'createIntermediateCa',
				caId,
				parent: { certificateDer: parent.certificateDer, privateKey: parentKey },
				name: input.name,
				keyAlgorithm: input.keyAlgorithm,
				days: input.days,
				passphrase: input.passphrase,
				options: caOptions
			},
			options
		);
		const chainDer = [parent.certificateDer, ...(parent.chainDer ?? [])];
		return this.#store_(store, caId, input, created, {
			parentId,
			chainDer,
			...(Object.keys(locations).length > 0 ? { locations } : {})
		});
	}

	async #store_(
		store: VaultStore,
		caId: string,
		input: CreateCaInput,
		created: CreatedCa,
		lineage: Pick<CaRecord, 'parentId' | 'chainDer' | 'locations'> = {}
	): Promise<CaRecord> {
		const record: CaRecord = {
			id: caId,
			name: input.name.trim(),
			keyAlgorithm: input.keyAlgorithm,
			certificateDer: created.certificateDer,
			notBefore: created.notBefore,
			notAfter: created.notAfter,
			createdAt: this.#now(),
			sealedKey: created.sealedKey,
			...(created.trustDomain ? { trustDomain: created.trustDomain } : {}),
			...(created.pathLen !== undefined ? { pathLen: created.pathLen } : {}),
			...lineage
		};
		await store.addCa(record);
		this.cas = [...this.cas, record];
		this.announceRecords();
		await this.reload();
		this.#keys.set(caId, created.privateKey);
		return record;
	}

	/** Consul Connect's roots document for a root of the vault, listing the intermediates made under it. */
	async connectRoots(caId: string): Promise<string> {
		const ca = this.#ca(caId);
		const intermediatesDer = this.cas.filter((c) => c.parentId === caId).map((c) => c.certificateDer);
		return this.#worker.call({ op: 'connectRoots', rootDer: ca.certificateDer, name: ca.name, intermediatesDer });
	}

	async connectConfiguration(caId: string, privateKeyPem?: string): Promise<string> {
		return this.#worker.call({ op: 'connectConfiguration', rootDer: this.#ca(caId).certificateDer, privateKeyPem });
	}

	/** The CA key as PEM, opened from its seal with the passphrase; only after the user confirmed. */
	async exportCaKey(caId: string, passphrase: string): Promise<string> {
		const ca = this.#ca(caId);
		const { pem } = await this.#worker.call({
			op: 'exportCaKey',
			caId,
			keyAlgorithm: ca.keyAlgorithm,
			sealedKey: ca.sealedKey,
			passphrase
		});
		return pem;
	}

	async unlock(caId: string, passphrase: string): Promise<number> {
		const ca = this.#ca(caId);
		const { privateKey, unlockMs } = await this.#worker.call({
			op: 'unlockCa',
			caId,
			keyAlgorithm: ca.keyAlgorithm,
			sealedKey: ca.sealedKey,
			passphrase
		});
		this.#keys.set(caId, privateKey);
		this.lastUnlockMs = unlockMs;
		return unlockMs;
	}

	/** Sets where this CA's future certificates point for OCSP, its own certificate and its CRL. */
	async setLocations(caId: string, input: Partial<Record<keyof RevocationLocations, string>>): Promise<void> {
		const locations = validateLocations(input);
		const updated: CaRecord = { ...this.#ca(caId), locations };
		await this.#requireStore().updateCa(updated, this.#now());
		this.cas = this.cas.map((ca) => (ca.id === caId ? updated : ca));
		this.announceRecords();
	}

	locationsOf(caId: string): RevocationLocations {
		return this.#ca(caId).locations ?? {};
	}

	/** Forgets the unlocked key: the only reference to the CryptoKey is dropped. */
	lock(caId: string): void {
		this.#keys.delete(caId);
		this.#channel?.post({ type: 'lock', caId });
	}

	/**
	 * Issues a bundle in the worker, which also records every certificate in one transaction before
	 * answering; then offers the zip. If recording fails, nothing is downloaded, so the inventory
	 * never misses a certificate.
	 */
	async issue(
		issuers: { role: string; caId: string }[],
		profileId: string,
		folders: FolderRequest[],
		zipName: string,
		output: BundleOutput,
		options: CallOptions & { renewalOf?: RecordTarget['renewalOf'] } = {}
	): Promise<void> {
		const { renewalOf, ...callOptions } = options;
		const recordIn = { ...this.#recordTarget(), ...(renewalOf ? { renewalOf } : {}) };
		const bundle = await this.#worker.call(
			{ op: 'issueBundle', issuers: this.#lend(issuers), profileId, folders, zipName, output, recordIn },
			callOptions
		);
		await this.#issued(bundle, recordIn.issuedAt, renewalOf);
	}

	/**
	 * A quick lab from its definition: the worker plans it (labRequest), issues, records and zips. The
	 * definition decides the output format; `password` is the PKCS#12 one (unused for PEM).
	 */
	async issueLab(caId: string, lab: LabDefinition, password: string, options: CallOptions = {}): Promise<void> {
		const recordIn = this.#recordTarget();
		const issuers = this.#lend([{ role: 'ca', caId }]);
		const bundle = await this.#worker.call(
			{ op: 'issueLab', issuers, lab, caName: this.#ca(caId).name, password, recordIn },
			options
		);
		await this.#issued(bundle, recordIn.issuedAt);
	}

	#lend(issuers: { role: string; caId: string }[]): UnlockedCa[] {
		return issuers.map(({ role, caId }) => {
			const ca = this.#ca(caId);
			const privateKey = this.#keys.get(caId);
			if (!privateKey) throw new PkiError('ca-locked', `Unlock ${ca.name} before issuing.`, 'form');
			// A root rotation under way adds the old root to the CA files and the cross-signed root to the chains (rotation-trust.ts).
			return {
				role,
				id: ca.id,
				name: ca.name,
				certificateDer: ca.certificateDer,
				privateKey,
				locations: ca.locations,
				chainDer: ca.chainDer,
				...rotationTrust(ca, this.cas)
			};
		});
	}

	#recordTarget(): RecordTarget {
		return { dbName: this.#requireStore().name, issuedAt: this.#now() };
	}

	/** Offers the zip, then shows the records the worker stored (other tabs re-read them when told). */
	async #issued(bundle: IssuedBundle, issuedAt: Date, renewalOf?: RecordTarget['renewalOf']): Promise<void> {
		downloadBytes(bundle.zipName, bundle.zip);
		// The result message of a 1,000-node lab (records and zip) is read in one task; showing a
		// thousand new rows in the same task held the main thread past 100 ms, a long task that delays
		// input. Yield first, so the rendering is a task of its own (web.dev, "Optimize long tasks": yield
		// to the main thread).
		await new Promise((resolve) => setTimeout(resolve, 0));
		this.certificates = [...this.certificates, ...certificateRecords(bundle.certificates, issuedAt, renewalOf)];
		this.announceRecords();
	}

	#ca(caId: string): CaRecord {
		const ca = this.cas.find((c) => c.id === caId);
		if (!ca) throw new Error(`Unknown CA ${caId}`);
		return ca;
	}

	// The API below is for the CA-lifecycle modules (state/*.svelte.ts: CSR, import, revocation,
	// rotation), which build on this vault without reaching into its private state.

	get worker(): PkiWorkerClient {
		return this.#worker;
	}

	now(): Date {
		return this.#now();
	}

	caRecord(caId: string): CaRecord {
		return this.#ca(caId);
	}

	/** The unlocked key of a CA, or a refusal that says what to do; `action` completes "Unlock X before …". */
	keyOf(caId: string, action: string): CryptoKey {
		const key = this.#keys.get(caId);
		if (!key) throw new PkiError('ca-locked', `Unlock ${this.#ca(caId).name} before ${action}.`, 'form');
		return key;
	}

	/** Stores a new CA record (and keeps its key unlocked when given), then tells the other tabs. */
	async addCaRecord(record: CaRecord, privateKey?: CryptoKey): Promise<void> {
		await this.#requireStore().addCa(record);
		this.cas = [...this.cas, record];
		if (privateKey) this.#keys.set(record.id, privateKey);
		this.announceRecords();
	}

	/** Replaces a stored CA record with the same id. */
	async replaceCaRecord(record: CaRecord): Promise<void> {
		await this.#requireStore().updateCa(record, this.#now());
		this.cas = this.cas.map((ca) => (ca.id === record.id ? record : ca));
		this.announceRecords();
	}

	/** Records certificates in one transaction (all or none). */
	async addCertificateRecords(records: CertificateRecord[]): Promise<void> {
		await this.#requireStore().addCertificates(records);
		this.certificates = [...this.certificates, ...records];
		this.announceRecords();
	}

	/** Replaces certificate records with the same ids in one transaction, e.g. to mark them revoked. */
	async replaceCertificateRecords(records: CertificateRecord[]): Promise<void> {
		await this.#requireStore().putCertificates(records);
		this.certificates = this.certificates.map((c) => records.find((r) => r.id === c.id) ?? c);
		this.announceRecords();
	}
}
