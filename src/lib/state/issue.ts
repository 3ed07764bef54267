import { downloadBytes } from '../download';
import type { BundleOutput } from '../export/bundle';
import type { CallOptions } from '../worker/client';
import type { FolderRequest, IssuedBundle } from '../worker/protocol';
import type { RecordTarget } from '../worker/record-issued';
import type { IssuerChoice } from './keyring.svelte';
import type { LabDefinition } from '../pki/lab/definition';
import type { VaultParts } from './vault-parts';
import { bundleOutcome } from './outcome';
import type { Outcomes } from './outcomes.svelte';

export interface IssueOptions extends CallOptions {
	/** Renewals: the record each certificate renews, by position in the issuance. */
	renewalOf?: RecordTarget['renewalOf'];
	/** Completes "Unlock X before …" when an issuer is locked. */
	action?: string;
}

/**
 * Bundles and quick labs: the worker issues, records every certificate in the vault in one
 * transaction and only then answers (worker/record-issued.ts); the page offers the zip and shows the
 * records. If recording fails, nothing is downloaded, so the inventory never misses a certificate.
 */
export class IssueActions {
	readonly #vault: VaultParts;
	readonly #outcomes: Outcomes | undefined;

	/** `outcomes` is told what each issuance made (the page shows it with the next step). */
	constructor(vault: VaultParts, outcomes?: Outcomes) {
		this.#vault = vault;
		this.#outcomes = outcomes;
	}

	async bundle(
		issuers: IssuerChoice[],
		profileId: string,
		folders: FolderRequest[],
		zipName: string,
		output: BundleOutput,
		options: IssueOptions = {}
	): Promise<void> {
		const { renewalOf, action = 'issuing', ...callOptions } = options;
		const recordIn = this.#vault.records.recordTarget(renewalOf ? { renewalOf } : {});
		const lent = issuers.map((issuer) => this.#vault.keyring.lend(issuer, action));
		const bundle = await this.#vault.pool.bundle(
			{ issuers: lent, profileId, folders, zipName, output, recordIn },
			callOptions
		);
		await this.#offer(bundle, recordIn);
	}

	/**
	 * A quick lab from its definition: the worker plans it (lab-request.ts), issues, records and zips.
	 * The definition decides the output format; `password` is the PKCS#12 one (unused for PEM).
	 */
	async lab(caId: string, lab: LabDefinition, password: string, options: CallOptions = {}): Promise<void> {
		const recordIn = this.#vault.records.recordTarget();
		const issuers = [this.#vault.keyring.lend(caId, 'issuing')];
		const bundle = await this.#vault.pool.lab(
			{ issuers, lab, caName: this.#vault.records.ca(caId).name, password, recordIn },
			options
		);
		await this.#offer(bundle, recordIn);
	}

	/** Offers the zip, then shows the records the worker stored (other tabs re-read them when told). */
	async #offer(bundle: IssuedBundle, recordIn: RecordTarget): Promise<void> {
		downloadBytes(bundle.zipName, bundle.zip);
		this.#outcomes?.show(bundleOutcome(bundle.zipName, bundle.certificates));
		// The result message of a 1,000-node lab (records and zip) is read in one task; showing a
		// thousand new rows in the same task held the main thread past 100 ms. Yield first, so the
		// rendering is a task of its own (web.dev, "Optimize long tasks": yield to the main thread).
		await new Promise((resolve) => setTimeout(resolve, 0));
		this.#vault.records.showRecorded(bundle.certificates, recordIn);
	}
}
