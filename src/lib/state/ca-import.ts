import type { ImportFileField } from '../pki/ca-import/read-files';
import { PkiError } from '../pki/errors';
import { checkStrongNewPassphrase } from '../vault/passphrase-floor';
import type { CaRecord } from '../vault/schema';
import type { CallOptions, PkiWorkerClient } from '../worker/client';
import type { VaultRecords } from './vault-records.svelte';

/** What the import form holds: the chosen files as they came from the file inputs. */
export interface ImportCaFormInput {
	/** Empty: the certificate's CN. */
	name: string;
	certificateFile: File | null;
	keyFile: File | null;
	password: string;
	passphrase: string;
	passphraseConfirm: string;
	acceptExpired: boolean;
	/** The user confirmed opening a file whose key derivation asks for more than a million rounds. */
	allowSlowKdf?: boolean;
}

/** Whether a chosen file may need a password: a PKCS#12 by its name, or a PEM with an encrypted key. */
export async function mayNeedPassword(file: File | null): Promise<boolean> {
	if (!file) return false;
	if (/\.(p12|pfx)$/i.test(file.name)) return true;
	// A PEM says so in its text; reading the first 64 KiB is enough for any key file.
	return (await file.slice(0, 64 * 1024).text()).includes('ENCRYPTED');
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Imports an external CA: the files go to the worker (ops/ca-import.ts), which checks them and
 * seals the key with the new passphrase; only then is the record made (the caller stores it), so a
 * refused import changes nothing. The record is like a created CA's, plus `external`; its key comes
 * back unlocked, like a freshly created CA's.
 */
export async function importExternalCa(
	worker: PkiWorkerClient,
	records: Pick<VaultRecords, 'cas' | 'now'>,
	input: ImportCaFormInput,
	options: CallOptions = {}
): Promise<{ record: CaRecord; privateKey: CryptoKey }> {
	if (!input.certificateFile) {
		throw new PkiError(
			'import-certificate-missing',
			"Choose the CA's certificate file (PEM), or a .p12 / .pfx that holds the certificate and its key.",
			'certificateFile'
		);
	}
	await checkStrongNewPassphrase(input.passphrase, input.passphraseConfirm);
	const chosen: [ImportFileField, File | null][] = [
		['certificateFile', input.certificateFile],
		['keyFile', input.keyFile]
	];
	const files = [];
	for (const [field, file] of chosen)
		if (file) files.push({ field, name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
	const caId = crypto.randomUUID();
	const imported = await worker.call(
		{
			op: 'importCa',
			caId,
			files,
			password: input.password,
			acceptExpired: input.acceptExpired,
			allowSlowKdf: input.allowSlowKdf === true,
			passphrase: input.passphrase,
			passphraseConfirm: input.passphraseConfirm
		},
		options
	);
	// The same CA twice would be two records sealing one key: refuse, and say which one it is.
	const existing = records.cas.find((ca) => sameBytes(ca.certificateDer, imported.certificateDer));
	if (existing) {
		throw new PkiError(
			'import-duplicate',
			`This CA is already in the vault as ${existing.name}; nothing was imported. Unlock that one to use it.`,
			'certificateFile'
		);
	}
	const now = records.now();
	// An intermediate whose parent is already in the vault is shown under it, like one created there.
	const parent = imported.chainDer[0] && records.cas.find((ca) => sameBytes(ca.certificateDer, imported.chainDer[0]!));
	const record: CaRecord = {
		id: caId,
		name: input.name.trim() || imported.commonName,
		keyAlgorithm: imported.keyAlgorithm,
		certificateDer: imported.certificateDer,
		notBefore: imported.notBefore,
		notAfter: imported.notAfter,
		createdAt: now,
		sealedKey: imported.sealedKey,
		...(imported.trustDomain ? { trustDomain: imported.trustDomain } : {}),
		...(imported.pathLen !== undefined ? { pathLen: imported.pathLen } : {}),
		...(imported.chainDer.length > 0 ? { chainDer: imported.chainDer } : {}),
		...(parent ? { parentId: parent.id } : {}),
		external: { source: imported.source, importedAt: now }
	};
	return { record, privateKey: imported.privateKey };
}
