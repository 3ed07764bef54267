/**
 * Tabs of the app tell each other about the vault over one BroadcastChannel (HTML Living Standard
 * §9.6; same origin only, and never the network). A BroadcastChannel object does not receive its own
 * messages but does receive those of other objects in the same page, so each page holds exactly one
 * and fans messages out to its listeners.
 *
 * What is shared, and why:
 * - `records`: a tab wrote CAs or certificates; the others re-read IndexedDB, so a new CA or an issued
 *   certificate shows in every tab at once.
 * - `lock`: a person pressed Lock (one CA, or all): every tab forgets that key. Locking is the safe
 *   direction, and someone who locks before walking away means the whole browser. Unlocking is never
 *   shared: each tab asks for the passphrase, and a key never travels between tabs.
 * Auto-lock (idle, hidden tab) is NOT shared: a tab left hidden in the background must not lock the
 * tab the person is working in.
 */
export const VAULT_CHANNEL = 'offline-ca-vault';

export type VaultMessage = { type: 'records' } | { type: 'lock'; caId: string | null };

type Listener = (message: VaultMessage) => void;

export class VaultChannel {
	readonly #channel: BroadcastChannel | null;
	readonly #listeners = new Set<Listener>();

	constructor(name = VAULT_CHANNEL) {
		// Old browsers without BroadcastChannel still work, one tab at a time.
		this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
		this.#channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
			const message = parse(event.data);
			if (message) for (const listener of this.#listeners) listener(message);
		});
	}

	post(message: VaultMessage): void {
		this.#channel?.postMessage(message);
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	close(): void {
		this.#listeners.clear();
		this.#channel?.close();
	}
}

/** Another tab may run another version of the app: anything unexpected is ignored. */
function parse(data: unknown): VaultMessage | null {
	if (!data || typeof data !== 'object') return null;
	const m = data as { type?: unknown; caId?: unknown };
	if (m.type === 'records') return { type: 'records' };
	if (m.type === 'lock' && (m.caId === null || typeof m.caId === 'string')) return { type: 'lock', caId: m.caId };
	return null;
}
