import type { KeyAlgorithm } from '../../pki/algorithms';
import { importCa, type ImportFile } from '../../pki/ca-import';
import { checkNewPassphrase } from '../../vault/passphrase';
import type { OperationGroup } from '../operation-types';
import { sealNewCa } from '../seal-new-ca';
import type { CreatedCa } from '../types';

/** Importing an external CA: certificate and key in PEM, encrypted PKCS#8, PKCS#1, SEC1 or PKCS#12. */
export interface CaImportRequest {
	caId: string;
	files: (ImportFile & { bytes: Uint8Array<ArrayBuffer> })[];
	/** Password of a PKCS#12 or encrypted key among the files. */
	password?: string;
	acceptExpired?: boolean;
	/** The user confirmed a slow key derivation (more than a million rounds). */
	allowSlowKdf?: boolean;
	/** The new vault passphrase that seals the imported key, typed twice. */
	passphrase: string;
	passphraseConfirm: string;
}

/** What createCa returns, plus what only an import learns from the files. */
export interface ImportedCa extends CreatedCa {
	keyAlgorithm: KeyAlgorithm;
	/** The certificate's CN: the CA's name when the user typed none. */
	commonName: string;
	/** Parents' certificates, nearest first, ending at the root; empty for a root. */
	chainDer: Uint8Array<ArrayBuffer>[];
	source: string;
	/** The user confirmed importing a certificate outside its validity period. */
	outOfValidity: boolean;
}

export const caImportOperations = {
	/**
	 * The only place an imported key exists in extractable form: it is read and checked here, sealed
	 * like a created CA's key (seal-new-ca.ts), and what goes back to the page is the
	 * non-extractable key unsealed from that seal, which also proves the seal round-trips.
	 */
	importCa: async (request: CaImportRequest, ctx): Promise<ImportedCa> => {
		checkNewPassphrase(request.passphrase, request.passphraseConfirm);
		const material = await importCa(request, ctx.deps);
		const created = await sealNewCa(
			material.certificate,
			material.extractableKey,
			{ ...request, keyAlgorithm: material.keyAlgorithm },
			ctx,
			'Importing the CA was cancelled; nothing was stored.'
		);
		return {
			...created,
			keyAlgorithm: material.keyAlgorithm,
			commonName: material.commonName,
			chainDer: material.chain.map((c) => new Uint8Array(c.rawData)),
			source: material.source,
			outOfValidity: material.outOfValidity
		};
	}
} satisfies OperationGroup;
