import { SvelteMap } from 'svelte/reactivity';
import { PkiError } from '../pki/errors';
import type { CaRecord } from '../vault/schema';
import type { PkiWorkerClient } from '../worker/client';
import type { UnlockedCa } from '../worker/protocol';
import { rotationTrust } from './rotation-trust';
import type { VaultChannel } from './vault-channel';

/** A CA of the vault in the issuer role it plays for a profile ('ca', or e.g. 'client' for a split-CA layout). */
export interface IssuerChoice {
	role: string;
	caId: string;
}

/**
 * The unlocked CA keys of this tab, and nothing else. The non-extractable CryptoKeys live only in
 * this object's private map; the worker gets one per request, through `lend`, the one place that
 * turns a CA of the vault into what the worker signs with. Locking drops the map's reference, so the
 * key becomes garbage (the worker keeps none between requests).
 */
export class Keyring {
	readonly #keys = new SvelteMap<string, CryptoKey>();
	readonly #worker: PkiWorkerClient;
	readonly #cas: () => readonly CaRecord[];
	readonly #channel: VaultChannel | undefined;

	/** `cas` reads the vault's current CA records: names, certificates and the rotation state a lent CA carries. */
	constructor(worker: PkiWorkerClient, cas: () => readonly CaRecord[], channel?: VaultChannel) {
		this.#worker = worker;
		this.#cas = cas;
		// Another tab's Lock applies here too; unlocking never travels between tabs (vault-channel.ts).
		this.#channel = channel;
		channel?.subscribe((message) => {
			if (message.type !== 'lock') return;
			if (message.caId) this.#keys.delete(message.caId);
			else this.#keys.clear();
		});
	}

	/** Opens the CA's sealed key with the passphrase in the worker and keeps it; answers how long that took (ms). */
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
		return unlockMs;
	}

	/** Keeps the key of a CA this tab just created or imported: it starts unlocked, as the person just typed its passphrase. */
	keep(caId: string, privateKey: CryptoKey): void {
		this.#keys.set(caId, privateKey);
	}

	isUnlocked(caId: string): boolean {
		return this.#keys.has(caId);
	}

	get hasUnlocked(): boolean {
		return this.#keys.size > 0;
	}

	/** Forgets one key, in every tab of the app. */
	lock(caId: string): void {
		this.#keys.delete(caId);
		this.#channel?.post({ type: 'lock', caId });
	}

	/** Forgets every key; `shared` also locks the other tabs (auto-lock is not shared: vault-channel.ts). */
	lockAll(shared: boolean): void {
		this.#keys.clear();
		if (shared) this.#channel?.post({ type: 'lock', caId: null });
	}

	/**
	 * An unlocked CA for one worker request, in its issuer role ('ca' when given only its id), with
	 * everything its certificates and files need: its chain, its revocation locations and, while the
	 * root it descends from replaces another, the old root to trust and the cross-signed root to send
	 * (rotation-trust.ts). A locked CA is refused with what to do; `action` completes "Unlock X before …".
	 */
	lend(issuer: string | IssuerChoice, action: string): UnlockedCa {
		const { role, caId } = typeof issuer === 'string' ? { role: 'ca', caId: issuer } : issuer;
		const ca = this.#ca(caId);
		const privateKey = this.#keys.get(caId);
		if (!privateKey) throw new PkiError('ca-locked', `Unlock ${ca.name} before ${action}.`, 'form');
		return {
			role,
			id: ca.id,
			name: ca.name,
			certificateDer: ca.certificateDer,
			privateKey,
			locations: ca.locations,
			chainDer: ca.chainDer,
			...rotationTrust(ca, this.#cas())
		};
	}

	#ca(caId: string): CaRecord {
		const ca = this.#cas().find((c) => c.id === caId);
		if (!ca) throw new Error(`Unknown CA ${caId}`);
		return ca;
	}
}
