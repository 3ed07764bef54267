import { getContext, setContext } from 'svelte';
import type { VaultState } from './vault.svelte';

const key = Symbol('vault');

export function setVaultContext(vault: VaultState): void {
	setContext(key, vault);
}

export function getVaultContext(): VaultState {
	return getContext<VaultState>(key);
}
