/**
 * Errors a user can cause carry a stable code, the input they belong to and a plain-language message
 * that says what is wrong and what to do. Anything else is a defect and stays a plain Error
 * (the rule of CyberChef's src/core/errors/OperationError.mjs, github.com/gchq/CyberChef).
 * One code per fault: ERRORS in error-catalogue.ts says, for every code, what went wrong and what
 * the user should do, and its test checks that each code is thrown somewhere and none is missing.
 */
export type PkiErrorCode =
	// Names, hosts and choices typed into a form.
	| 'host-empty'
	| 'host-invalid'
	| 'ip-invalid'
	| 'uri-invalid'
	| 'username-invalid'
	| 'name-invalid'
	| 'name-character-forbidden'
	| 'file-name-clash'
	| 'choice-invalid'
	| 'kinds-empty'
	| 'entries-empty'
	// Validity and the CA's own limits.
	| 'validity-invalid'
	| 'validity-beyond-ca'
	| 'ca-expired'
	| 'ca-locked'
	| 'ca-key-mismatch'
	| 'ca-not-root'
	| 'ca-not-connect'
	| 'constraint-invalid'
	| 'pathlen-invalid'
	| 'pathlen-beyond-parent'
	| 'algorithm-unsupported'
	// Passphrases and passwords.
	| 'passphrase-mismatch'
	| 'passphrase-too-short'
	| 'passphrase-weak'
	| 'passphrase-wrong'
	| 'p12-password-invalid'
	// The vault in the browser's storage, and its backups.
	| 'vault-newer'
	| 'vault-conflict'
	| 'storage-unavailable'
	/** The crypto worker failed to start or stopped; the request was not carried out. */
	| 'worker-failed'
	| 'storage-full'
	| 'storage-failed'
	| 'backup-unreadable'
	| 'backup-newer'
	| 'backup-passphrase-missing'
	| 'backup-passphrase-wrong'
	| 'backup-too-large'
	| 'backup-record-invalid'
	| 'backup-foreign-record'
	| 'sealed-key-invalid'
	// Work in the worker.
	| 'cancelled'
	| 'internal'
	// Files and text given to the inspector, the CSR forms and the CA import.
	| 'input-empty'
	| 'input-too-large'
	| 'input-unrecognized'
	| 'input-malformed'
	| 'input-unsupported'
	| 'zip-too-large'
	| 'password-required'
	| 'password-wrong'
	/** A PKCS#12 or encrypted key asks for more than ten million key-derivation rounds. */
	| 'kdf-rounds-refused'
	/** It asks for more than a million: the page asks the user, then reads again with allowSlowKdf. */
	| 'kdf-slow-confirm'
	| 'url-invalid'
	// The quick lab.
	| 'lab-hosts-invalid'
	| 'lab-nodes-invalid'
	| 'lab-file-invalid'
	// Signing a CSR.
	| 'csr-signature-invalid'
	| 'csr-subject-empty'
	| 'csr-subject-unsupported'
	| 'csr-several'
	| 'csr-subject-refused'
	| 'key-unsupported'
	// The certificate an outside root signed for one of our CAs.
	| 'certificate-is-current'
	| 'certificate-key-mismatch'
	| 'certificate-not-ca'
	| 'certificate-expired'
	| 'chain-incomplete'
	// Renewing a certificate.
	| 'renewal-refused'
	// Exporting a CA for Kubernetes.
	| 'issuer-root-refused'
	| 'consumer-key-unsupported'
	// Importing an existing CA.
	| 'import-wrong-file'
	| 'import-key-missing'
	| 'import-key-several'
	| 'import-certificate-missing'
	| 'import-key-mismatch'
	| 'import-not-ca'
	| 'import-chain-invalid'
	| 'import-duplicate';

/**
 * The input an error belongs to, so the UI can show the message next to it: a fixed form field
 * ('name', 'passphrase', 'validity', ...) or the id of a profile's field (profiles/profile.ts).
 */
export type ErrorField = string;

export interface PkiErrorData {
	code: PkiErrorCode;
	message: string;
	field?: ErrorField;
}

export class PkiError extends Error {
	override readonly name = 'PkiError';
	readonly code: PkiErrorCode;
	readonly field: ErrorField | undefined;

	constructor(code: PkiErrorCode, message: string, field?: ErrorField) {
		super(message);
		this.code = code;
		this.field = field;
	}

	toData(): PkiErrorData {
		return this.field
			? { code: this.code, message: this.message, field: this.field }
			: { code: this.code, message: this.message };
	}

	static fromData(data: PkiErrorData): PkiError {
		return new PkiError(data.code, data.message, data.field);
	}
}

export function isPkiError(value: unknown): value is PkiError {
	return value instanceof PkiError;
}
