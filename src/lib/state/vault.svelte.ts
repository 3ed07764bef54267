import type { KeyAlgorithm } from '../pki/algorithms';
import { platformDeps } from '../pki/deps';
import type { PkiWorkerClient } from '../worker/client';
import { IssuingPool } from '../worker/pool';
import { CaActions } from './ca-actions';
import { caView, hierarchyOrder, inventoryRows, type CaView, type InventoryRow } from './ca-view';
import { CsrActions } from './csr';
import { IssueActions } from './issue';
import { Keyring } from './keyring.svelte';
import { OcspActions } from './ocsp';
import { Outcomes } from './outcomes.svelte';
import { RenewalActions } from './renewal';
import { RevocationActions } from './revocation';
import { RotationActions } from './rotation';
import type { VaultChannel } from './vault-channel';
import { VaultRecords } from './vault-records.svelte';

/**
 * The page's vault, put together once per page: the records (vault-records.svelte.ts), the keyring
 * that alone holds the unlocked keys (keyring.svelte.ts), and the actions that work on them, each
 * given the worker, the records and the keyring (vault-parts.ts). All crypto runs in the worker.
 */
export class VaultState {
	readonly records: VaultRecords;
	readonly keyring: Keyring;
	readonly ca: CaActions;
	readonly issue: IssueActions;
	readonly csr: CsrActions;
	readonly renewal: RenewalActions;
	readonly rotation: RotationActions;
	readonly revocation: RevocationActions;
	readonly ocsp: OcspActions;
	/** What the last action made, shown with its next step. */
	readonly outcomes = new Outcomes();
	#algorithmSupport = $state.raw<Record<KeyAlgorithm, string | null> | null>(null);
	#workerError = $state<string | null>(null);
	readonly #worker: PkiWorkerClient;

	constructor(
		worker: PkiWorkerClient,
		now: () => Date = platformDeps().now,
		channel?: VaultChannel,
		pool: IssuingPool = new IssuingPool(worker)
	) {
		this.#worker = worker;
		const records = new VaultRecords(now, channel);
		const keyring = new Keyring(worker, () => records.cas, channel);
		this.records = records;
		this.keyring = keyring;
		const parts = { worker, pool, records, keyring };
		this.ca = new CaActions(parts);
		this.issue = new IssueActions(parts, this.outcomes);
		this.csr = new CsrActions(parts);
		this.renewal = new RenewalActions(parts, this.issue);
		this.rotation = new RotationActions(parts, this.ca, this.renewal);
		this.revocation = new RevocationActions(parts);
		this.ocsp = new OcspActions(parts, this.revocation);
	}

	/** Which key algorithms this browser's WebCrypto supports (null until the worker has answered: all are offered). */
	get algorithmSupport(): Record<KeyAlgorithm, string | null> | null {
		return this.#algorithmSupport;
	}

	/** Why the page cannot work, when it cannot: the vault did not open, or the worker did not start. */
	get loadError(): string | null {
		return this.#workerError ?? this.records.loadError;
	}

	views = $derived.by((): CaView[] => {
		const now = this.records.now();
		return hierarchyOrder(this.records.cas.map((ca) => caView(ca, this.keyring.isUnlocked(ca.id), now)));
	});

	inventory = $derived.by((): InventoryRow[] =>
		inventoryRows(this.records.certificates, this.records.cas, this.records.now())
	);

	async load(): Promise<void> {
		await this.records.load();
		// Not awaited: the answer waits for the worker to start (parsing its code takes a few hundred
		// ms), and nothing needs it before the user picks an algorithm. Until it comes, every algorithm
		// is offered; requests sent meanwhile are delivered once the worker has started.
		void this.#probeAlgorithms();
	}

	async #probeAlgorithms(): Promise<void> {
		try {
			this.#algorithmSupport = await this.#worker.call({ op: 'probeAlgorithms' });
		} catch (error) {
			this.#workerError = `The page's crypto worker did not start, so nothing can be issued: ${error instanceof Error ? error.message : String(error)}. Reload the page.`;
		}
	}
}
