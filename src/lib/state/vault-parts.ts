import type { PkiWorkerClient } from '../worker/client';
import type { IssuingPool } from '../worker/pool';
import type { Keyring } from './keyring.svelte';
import type { VaultRecords } from './vault-records.svelte';

/**
 * What the vault's actions (CA, issue, CSR, renewal, rotation, revocation) work with, handed to each
 * by VaultState: the worker that does the crypto, the pool that spreads bulk issuance over several
 * workers (its first worker is `worker`), the records, and the keyring that lends CA keys.
 */
export interface VaultParts {
	readonly worker: PkiWorkerClient;
	readonly pool: IssuingPool;
	readonly records: VaultRecords;
	readonly keyring: Keyring;
}
