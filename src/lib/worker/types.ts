import type { PkiErrorData } from '../pki/errors';
import type { LeafRequest, RevocationLocations } from '../pki/issue/prepare';
import type { SealedKey } from '../vault/seal';
import type { CertificateRecord } from '../vault/schema';

/**
 * The data the worker's operations share with each other and with the page. Plain types only: this
 * module imports no operation, so every operation module and the page can use it without a cycle.
 */

/** An unlocked CA lent to the worker for one request, in the issuer role it plays for the profile. */
export interface UnlockedCa {
	role: string;
	id: string;
	name: string;
	certificateDer: Uint8Array<ArrayBuffer>;
	privateKey: CryptoKey;
	locations?: RevocationLocations;
	/** Its parents' certificates, nearest first, ending with the root (absent for a root). */
	chainDer?: Uint8Array<ArrayBuffer>[];
	/** Root rotation: CAs it replaces that bundles still trust, and its certificate cross-signed by the old root (export/bundle.ts BundleCa). */
	alsoTrustedDer?: Uint8Array<ArrayBuffer>[];
	crossSignedDer?: Uint8Array<ArrayBuffer>;
}

export interface FolderRequest {
	folder: string;
	leaves: LeafRequest[];
	/** Text files beside the certificates (a lab's config snippets and start script), paths relative to the folder. */
	files?: { path: string; text: string; executable?: boolean }[];
}

export interface CreatedCa {
	certificateDer: Uint8Array<ArrayBuffer>;
	notBefore: Date;
	notAfter: Date;
	sealedKey: SealedKey;
	privateKey: CryptoKey;
	unlockMs: number;
	/** Facts the page shows and uses, read here from the certificate so the page needs no X.509 parser. */
	trustDomain?: string;
	pathLen?: number;
}

/**
 * A certificate the worker issued, as the vault records it (vault/schema.ts CertificateRecord) but
 * before it has a record id, an issuance time or an origin; its request is always known.
 */
export type IssuedCertificate = Omit<
	CertificateRecord,
	'id' | 'issuedAt' | 'request' | 'origin' | 'revocation' | 'renewalOf'
> & { request: LeafRequest };

export interface IssuedBundle {
	zipName: string;
	zip: Uint8Array<ArrayBuffer>;
	certificates: IssuedCertificate[];
}

/** How the worker answers a request: its value, or a user-caused failure as data (a class does not survive postMessage). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: PkiErrorData };
