import type { KeyAlgorithm } from '../pki/algorithms';
import { caKeyPem } from '../pki/key-export';
import { exportPkcs8 } from '../pki/keys';
import { unsealPrivateKey, type SealedKey } from '../vault/seal';
import type { OperationContext } from './operation-types';

/** A CA's sealed key and what opens it. */
export interface SealedCaKey {
	caId: string;
	keyAlgorithm: KeyAlgorithm;
	sealedKey: SealedKey;
	passphrase: string;
}

/**
 * Opens the sealed key extractable, once, for a user who typed the passphrase and confirmed that the
 * key leaves the vault: its PKCS#8 and its PEM as consumers read CA keys (pki/key-export.ts caKeyPem:
 * SEC1 "EC PRIVATE KEY" for EC keys, which consul tls and ECK need, PKCS#8 otherwise).
 */
export async function exportSealedCaKey(
	request: SealedCaKey,
	ctx: OperationContext
): Promise<{ pkcs8: ArrayBuffer; pem: string }> {
	const key = await unsealPrivateKey(
		request.sealedKey,
		request.passphrase,
		request.caId,
		request.keyAlgorithm,
		ctx.deps.crypto,
		true
	);
	const pkcs8 = await exportPkcs8(key, ctx.deps.crypto);
	return { pkcs8, pem: caKeyPem(pkcs8, request.keyAlgorithm) };
}
