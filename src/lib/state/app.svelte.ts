import { getContext, setContext } from 'svelte';
import type { PkiWorkerClient } from '../worker/client';
import { spawnIssuingPool, spawnPkiWorker } from '../worker/spawn';
import { AutoLock, HIDDEN_LOCK_MINUTES } from './auto-lock';
import { setCareContext } from './care-context';
import { setVaultContext } from './context';
import { ThrowawayLab } from './throwaway-lab.svelte';
import { VaultCare } from './vault-care.svelte';
import { VaultChannel } from './vault-channel';
import { VaultState } from './vault.svelte';
import { loadPassphraseJudge } from '../vault/passphrase-floor';

/**
 * The state every view shares, made once by the layout: the PKI worker, the vault, its upkeep, the
 * channel to the other tabs and the quick lab's throwaway CA. Views come and go with the route; this
 * stays, so an unlocked CA or a throwaway lab CA survives moving between views.
 */
export class AppState {
	/** The one PKI worker of the page (worker/client.ts restarts it if it dies). */
	readonly worker: PkiWorkerClient;
	readonly vault: VaultState;
	readonly care: VaultCare;
	readonly lab: ThrowawayLab;
	readonly #channel = new VaultChannel();
	loaded = $state(false);

	constructor() {
		const worker = (this.worker = spawnPkiWorker());
		const pool = spawnIssuingPool(worker);
		this.vault = new VaultState(worker, undefined, this.#channel, pool);
		this.care = new VaultCare(this.vault.records, worker, this.#channel);
		this.lab = new ThrowawayLab(
			{ worker, pool, records: this.vault.records, keyring: this.vault.keyring },
			this.vault.outcomes
		);
	}

	/** Opens the vault and starts auto-lock; the returned function stops them (the layout's onMount). */
	start(): () => void {
		const autoLock = new AutoLock({
			idleMs: () => this.care.idleMinutes * 60_000,
			hiddenMs: HIDDEN_LOCK_MINUTES * 60_000,
			hasUnlocked: () => this.vault.keyring.hasUnlocked,
			lock: () => this.vault.keyring.lockAll(false)
		});
		autoLock.start();
		// The passphrase estimator (a large chunk of its own) comes with the page, as every view's code
		// does, so no view that sets a passphrase fetches anything after load; it runs only in those forms.
		loadPassphraseJudge().catch(() => undefined);
		void (async () => {
			await this.vault.load();
			await this.care.loadMeta();
			this.loaded = true;
		})();
		return () => {
			autoLock.stop();
			this.#channel.close();
		};
	}
}

const key = Symbol('app');

/** Makes the app's state and hands it, and the vault and care contexts the components read, to every view. */
export function setAppContext(app: AppState): void {
	setContext(key, app);
	setVaultContext(app.vault);
	setCareContext(app.care);
}

export function getAppContext(): AppState {
	return getContext<AppState>(key);
}
