import { getContext, setContext } from 'svelte';
import type { VaultCare } from './vault-care.svelte';

const key = Symbol('vault-care');

export function setCareContext(care: VaultCare): void {
	setContext(key, care);
}

export function getCareContext(): VaultCare {
	return getContext<VaultCare>(key);
}
