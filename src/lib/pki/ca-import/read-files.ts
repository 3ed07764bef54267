import { PkiError } from '../errors';
import { parseInputs } from '../parse/parse';
import type { CertificateItem, PrivateKeyItem } from '../parse/types';

/** The inputs of the import form a file can come from; errors about a file are shown next to its input. */
export type ImportFileField = 'certificateFile' | 'keyFile';
/** Where a wrong or missing password of a PKCS#12 or encrypted key is shown. */
export const PASSWORD_FIELD = 'importPassword';

export interface ImportFile {
	field: ImportFileField;
	name: string;
	bytes: Uint8Array;
}

export interface ReadImport {
	certificates: (CertificateItem & { field: ImportFileField })[];
	keys: (PrivateKeyItem & { field: ImportFileField })[];
}

/**
 * Reads the chosen files with the inspector's parser (parse/parse.ts: PEM with any blocks, DER,
 * PKCS#1, SEC1, PKCS#8 plain and encrypted, PKCS#12), so every format it knows imports too. Unlike
 * the inspector, which shows what it can and lists the rest, an import is all or nothing: the
 * first part that cannot be read stops it, next to the input it came from.
 */
export async function readImportFiles(
	files: readonly ImportFile[],
	password: string | undefined,
	crypto: Crypto,
	allowSlowKdf = false
): Promise<ReadImport> {
	const out: ReadImport = { certificates: [], keys: [] };
	for (const file of files) {
		// An empty password field means "no password given": parseInputs then asks for one (password-required).
		const result = await parseInputs(
			[{ name: file.name, bytes: file.bytes }],
			{ crypto },
			{ password: async () => password || undefined, allowSlowKdf }
		);
		const problem = result.problems[0];
		if (problem) {
			const { code, message } = problem.error;
			const field = code === 'password-required' || code === 'password-wrong' ? PASSWORD_FIELD : file.field;
			throw new PkiError(code, message, field);
		}
		for (const item of result.items) {
			if (item.kind === 'certificate') out.certificates.push({ ...item, field: file.field });
			else if (item.kind === 'private-key') out.keys.push({ ...item, field: file.field });
			else {
				const what = item.kind === 'csr' ? 'a certificate request (CSR)' : 'a CRL';
				throw new PkiError(
					'import-wrong-file',
					`${item.label} is ${what}, not a CA certificate or key. Choose the CA's certificate and its private key.`,
					file.field
				);
			}
		}
	}
	return out;
}
