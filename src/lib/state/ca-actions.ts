import type { KeyAlgorithm } from '../pki/algorithms';
import type { CaOptions } from '../pki/ca';
import type { RevocationLocations } from '../pki/issue/prepare';
import { validateLocations } from '../pki/locations';
import { signingUri } from '../pki/spiffe';
import { checkStrongNewPassphrase } from '../vault/passphrase-floor';
import type { CaRecord } from '../vault/schema';
import type { CallOptions } from '../worker/client';
import type { CreatedCa } from '../worker/protocol';
import { importExternalCa, type ImportCaFormInput } from './ca-import';
import type { CaFacts } from './inventory-csv';
import type { VaultParts } from './vault-parts';

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
 * The CAs themselves: creating, importing, their locations and what they export. Keys are made and
 * sealed in the worker; a new CA's record is stored, then its key stays unlocked in the keyring.
 */
export class CaActions {
	readonly #vault: VaultParts;

	constructor(vault: VaultParts) {
		this.#vault = vault;
	}

	async create(input: CreateCaInput, options: CallOptions = {}): Promise<CaRecord> {
		await checkStrongNewPassphrase(input.passphrase, input.passphraseConfirm);
		const locations = validateLocations(input.locations ?? {});
		this.#vault.records.ensureWritable();
		const caId = crypto.randomUUID();
		const created = await this.#vault.worker.call(
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
		return this.#stored(caId, input, created, Object.keys(locations).length > 0 ? { locations } : {});
	}

	/**
	 * An intermediate under an unlocked CA of the vault. A Connect CA's intermediate signs for the
	 * same trust domain, so it carries the parent's spiffe:// URI (Consul's intermediates do:
	 * agent/connect/ca/provider_consul.go GenerateIntermediate).
	 */
	async createIntermediate(parentId: string, input: CreateCaInput, options: CallOptions = {}): Promise<CaRecord> {
		await checkStrongNewPassphrase(input.passphrase, input.passphraseConfirm);
		const locations = validateLocations(input.locations ?? {});
		this.#vault.records.ensureWritable();
		const parent = this.#vault.keyring.lend(parentId, 'creating a CA under it');
		const trustDomain = this.#vault.records.ca(parentId).trustDomain;
		const caOptions: CaOptions = { ...input.options, ...(trustDomain ? { uris: [signingUri(trustDomain)] } : {}) };
		const caId = crypto.randomUUID();
		const created = await this.#vault.worker.call(
			{
				op: 'createIntermediateCa',
				caId,
				parent: { certificateDer: parent.certificateDer, privateKey: parent.privateKey },
				name: input.name,
				keyAlgorithm: input.keyAlgorithm,
				days: input.days,
				passphrase: input.passphrase,
				options: caOptions
			},
			options
		);
		return this.#stored(caId, input, created, {
			parentId,
			chainDer: [parent.certificateDer, ...(parent.chainDer ?? [])],
			...(Object.keys(locations).length > 0 ? { locations } : {})
		});
	}

	async #stored(
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
			createdAt: this.#vault.records.now(),
			sealedKey: created.sealedKey,
			...(created.trustDomain ? { trustDomain: created.trustDomain } : {}),
			...(created.pathLen !== undefined ? { pathLen: created.pathLen } : {}),
			...lineage
		};
		await this.#vault.records.addCa(record);
		await this.#vault.records.reload();
		this.#vault.keyring.keep(caId, created.privateKey);
		return record;
	}

	/** An external CA, checked and sealed in the worker (ca-import.ts); it stays unlocked like a created one. */
	async importExternal(input: ImportCaFormInput, options: CallOptions = {}): Promise<CaRecord> {
		const { record, privateKey } = await importExternalCa(this.#vault.worker, this.#vault.records, input, options);
		await this.#vault.records.addCa(record);
		this.#vault.keyring.keep(record.id, privateKey);
		return record;
	}

	/** Sets where this CA's future certificates point for OCSP, its own certificate and its CRL. */
	async setLocations(caId: string, input: Partial<Record<keyof RevocationLocations, string>>): Promise<void> {
		const locations = validateLocations(input);
		await this.#vault.records.replaceCa({ ...this.#vault.records.ca(caId), locations });
	}

	locationsOf(caId: string): RevocationLocations {
		return this.#vault.records.ca(caId).locations ?? {};
	}

	/** Consul Connect's roots document for a root of the vault, listing the intermediates made under it. */
	connectRoots(caId: string): Promise<string> {
		const ca = this.#vault.records.ca(caId);
		const intermediatesDer = this.#vault.records.cas.filter((c) => c.parentId === caId).map((c) => c.certificateDer);
		return this.#vault.worker.call({ op: 'connectRoots', rootDer: ca.certificateDer, name: ca.name, intermediatesDer });
	}

	/** Consul Connect's CA configuration; with the key as PEM (exportKey) when the person chose to include it. */
	connectConfiguration(caId: string, privateKeyPem?: string): Promise<string> {
		return this.#vault.worker.call({
			op: 'connectConfiguration',
			rootDer: this.#vault.records.ca(caId).certificateDer,
			privateKeyPem
		});
	}

	/** The CA key as PEM, opened from its seal with the passphrase; only after the user confirmed. */
	async exportKey(caId: string, passphrase: string): Promise<string> {
		const ca = this.#vault.records.ca(caId);
		const { pem } = await this.#vault.worker.call({
			op: 'exportCaKey',
			caId,
			keyAlgorithm: ca.keyAlgorithm,
			sealedKey: ca.sealedKey,
			passphrase
		});
		return pem;
	}

	/**
	 * A cert-manager CA issuer (Secret + Issuer or ClusterIssuer) for an intermediate, its key opened
	 * from the seal with the passphrase; only after the user confirmed that the key leaves the vault.
	 */
	async certManagerIssuer(caId: string, passphrase: string, kind: 'Issuer' | 'ClusterIssuer'): Promise<string> {
		const { yaml } = await this.#vault.worker.call({
			op: 'certManagerIssuer',
			...this.#intermediate(caId, passphrase),
			kind
		});
		return yaml;
	}

	/** ECK's transport CA (a Secret with ca.crt and ca.key) for an intermediate, on the same terms as certManagerIssuer. */
	async eckTransportCa(caId: string, passphrase: string): Promise<string> {
		const { yaml } = await this.#vault.worker.call({ op: 'eckTransportCa', ...this.#intermediate(caId, passphrase) });
		return yaml;
	}

	/** What the worker needs to open an intermediate's key for a cluster (worker/ops/kubernetes.ts). */
	#intermediate(caId: string, passphrase: string) {
		const ca = this.#vault.records.ca(caId);
		return {
			caId,
			name: ca.name,
			keyAlgorithm: ca.keyAlgorithm,
			sealedKey: ca.sealedKey,
			passphrase,
			certificateDer: ca.certificateDer,
			chainDer: ca.chainDer ?? []
		};
	}

	/** Subjects and serials of the vault's CAs, read in the worker (the page has no X.509 parser). */
	async facts(): Promise<CaFacts> {
		const cas = this.#vault.records.cas;
		const facts = await this.#vault.worker.call({
			op: 'describeCaCertificates',
			certificatesDer: cas.map((ca) => ca.certificateDer)
		});
		return new Map(cas.map((ca, i) => [ca.id, facts[i]!]));
	}
}
