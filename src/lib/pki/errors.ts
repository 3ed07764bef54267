/**
 * Errors a user can cause carry a stable code, the input they belong to and a plain-language message
 * that says what is wrong and what to do. Anything else is a defect and stays a plain Error
 * (the CyberChef OperationError rule; DESIGN.md §2).
 */
export type PkiErrorCode =
	| 'host-empty'
	| 'host-invalid'
	| 'ip-invalid'
	| 'username-invalid'
	| 'name-invalid'
	| 'validity-invalid'
	| 'validity-beyond-ca'
	| 'ca-expired'
	| 'passphrase-mismatch'
	| 'passphrase-too-short'
	/** The passphrase does not open this CA's sealed key. */
	| 'passphrase-wrong'
	/** The action needs a CA's key, and that CA is locked in this tab. */
	| 'ca-locked'
	/** The unlocked key is not the key of the CA certificate it was stored with. */
	| 'ca-key-mismatch'
	/** The crypto worker failed to start or stopped; the request was not carried out. */
	| 'worker-failed'
	| 'p12-password-invalid'
	| 'algorithm-unsupported'
	| 'vault-corrupt'
	| 'vault-newer'
	| 'storage-failed'
	| 'cancelled'
	/** A defect, reported across the worker boundary; the message says so. */
	| 'internal'
	/** Inspector input (src/lib/pki/parse): too big, not a format we read, cut short or corrupt, a format we refuse. */
	| 'input-too-large'
	| 'input-unrecognized'
	| 'input-malformed'
	| 'input-unsupported'
	/** A zip whose central directory declares too many entries or too many uncompressed bytes. */
	| 'zip-too-large'
	/** A PKCS#12 or encrypted key needs a password that was not given, or the given one is wrong. */
	| 'password-required'
	| 'password-wrong'
	| 'url-invalid'
	/** A vault backup file (src/lib/vault/backup-file.ts) that is not one, is cut short or damaged before its seal. */
	| 'backup-unreadable'
	/** A backup written by a newer version of the app (file format or vault schema). */
	| 'backup-newer'
	/** The backup passphrase does not open the file, or the sealed part was altered (AES-GCM cannot tell which). */
	| 'backup-passphrase-wrong'
	/** The record changed in another tab between reading and writing it. */
	| 'vault-conflict'
	/** The lab form's hosts pattern does not fit the number of nodes. */
	| 'lab-hosts-invalid'
	/** A lab definition file that cannot be re-opened: not JSON, another format, or a bad value. */
	| 'lab-file-invalid'
	/** A CA's name constraint that no verifier could match (a wildcard, a bad CIDR). */
	| 'constraint-invalid'
	/** A path length out of range, or not below the parent CA's. */
	| 'pathlen-invalid'
	/** A CSR whose self-signature does not verify with its own public key (altered or damaged). */
	| 'csr-signature-invalid'
	/** A subject key the app will not certify: RSA below 2048 bits, a curve or type no TLS peer should rely on. */
	| 'key-unsupported'
	/** A certificate given back for one of our CAs that does not carry that CA's public key. */
	| 'certificate-key-mismatch'
	/** A certificate given back for one of our CAs that is not a CA certificate (basicConstraints CA:FALSE or absent). */
	| 'certificate-not-ca'
	/** The issuing chain of a certificate given back stops before a self-signed root, or a link does not verify. */
	| 'chain-incomplete'
	/** A certificate that cannot be renewed: revoked, or recorded by a version that did not keep its request. */
	| 'renewal-refused'
	/** Importing a CA (pki/ca-import): no private key in the files, or more than one. */
	| 'import-key-missing'
	| 'import-key-several'
	/** Importing a CA: no certificate in the files. */
	| 'import-certificate-missing'
	/** Importing a CA: the private key is not the one of the certificate. */
	| 'import-key-mismatch'
	/** Importing a CA: the certificate is not a CA's (basicConstraints, keyUsage) or lacks what signing needs (SKI). */
	| 'import-not-ca'
	/** Importing a CA: an intermediate without its chain to a root, a certificate not in the chain, a bad signature. */
	| 'import-chain-invalid'
	/** Importing a CA whose certificate is already in the vault. */
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
