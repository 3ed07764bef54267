import type { DBSchema } from 'idb';
import type { KeyAlgorithm } from '../pki/algorithms';
import type { LeafRequest, RevocationLocations } from '../pki/issue/prepare';
import type { SealedKey } from './seal';

export const DB_NAME = 'offline-ca';
/** Bump with a migration in migrations.ts; records also carry their own format numbers. */
export const DB_VERSION = 2;

export interface CaRecord {
	id: string;
	name: string;
	keyAlgorithm: KeyAlgorithm;
	/** DER of the CA certificate; public, so stored in clear. */
	certificateDer: Uint8Array<ArrayBuffer>;
	notBefore: Date;
	notAfter: Date;
	createdAt: Date;
	sealedKey: SealedKey;
	/** OCSP, caIssuers and CRL URLs written into what this CA issues (optional; added without a migration). */
	locations?: RevocationLocations;
	/** The CA that signed this one, when it is an intermediate (optional; added without a migration). */
	parentId?: string;
	/** DER of the parents' certificates, nearest first, ending with the root; what bundles ship as the chain. */
	chainDer?: Uint8Array<ArrayBuffer>[];
	/** A Consul Connect CA's SPIFFE trust domain and the basicConstraints path length, read once at creation. */
	trustDomain?: string;
	pathLen?: number;
	/** Set when the CA was imported from outside (its key was made elsewhere): what the user loaded and when. */
	external?: { source: string; importedAt: Date };
	/**
	 * The last CRL published for this CA: its CRL number (RFC 5280 5.2.3, monotonically increasing), its
	 * thisUpdate, and its nextUpdate (when the next one is due; records written before it lack it).
	 */
	crl?: { lastNumber: number; lastIssuedAt: Date; nextUpdate?: Date };
	/**
	 * The last set of pre-signed OCSP responses (RFC 6960): its thisUpdate, its nextUpdate (after which
	 * clients reject every response of the set) and who signed it. Optional, so added without a migration.
	 */
	ocsp?: { lastSignedAt: Date; nextUpdate: Date; signedBy: 'ca' | 'delegated' };
	/** Root rotation: the CA this one replaces. */
	supersedes?: string;
	/** Consul-style rotation: this CA's certificate cross-signed by the key of the CA it supersedes. */
	crossSignedDer?: Uint8Array<ArrayBuffer>;
	/** When a newer CA took over from this one; it still verifies what it issued but is no longer active. */
	retiredAt?: Date;
	/**
	 * Bumped by every write of this record (VaultStore), absent on records written before it (read as 0,
	 * so no migration is needed). A write names the revision it was made from and is refused when the
	 * stored one moved on: two tabs cannot undo each other's change.
	 */
	revision?: number;
}

/** RFC 5280 5.3.1 reason codes offered when revoking (unspecified, keyCompromise, ..., cessationOfOperation). */
export type RevocationReason =
	| 'unspecified'
	| 'keyCompromise'
	| 'cACompromise'
	| 'affiliationChanged'
	| 'superseded'
	| 'cessationOfOperation'
	| 'privilegeWithdrawn';

export interface CertificateRecord {
	/** `${caId}:${serialHex}` */
	id: string;
	caId: string;
	serialHex: string;
	subject: string;
	sans: string[];
	profileId: string;
	kindId: string;
	/** Folder inside the downloaded zip, '' for the top level. */
	folder: string;
	certFile: string;
	notBefore: Date;
	notAfter: Date;
	issuedAt: Date;
	/** The certificate itself (records made before this field lack it). */
	certificateDer?: Uint8Array<ArrayBuffer>;
	/** What was asked for, so a renewal re-issues the same names and profile. */
	request?: LeafRequest;
	/** 'csr' when the subject key came from a CSR: the app never had the private key, and renewal keeps that public key. */
	origin?: 'generated' | 'csr';
	/** Set once revoked; the next CRL of its CA lists it. */
	revocation?: { revokedAt: Date; reason: RevocationReason };
	/** The record this one renews. */
	renewalOf?: string;
	/** 'pkcs12' when its key and certificate went out in a password-protected .p12 (renewal does the same); absent for PEM. */
	deliveredAs?: 'pkcs12';
	/** 'legacy' when that .p12 was written for older platforms (PBE-SHA1-3DES, pki/pbe/pkcs12-compatibility.ts), so its renewal is too; absent means modern. */
	pkcs12Compatibility?: 'legacy';
	/**
	 * The CAs of the issuance by role, when there were several (CockroachDB's split CA: 'ca' the node
	 * CA, 'client' the client CA), so a renewal ships the same CA files; absent means its own CA as 'ca'.
	 */
	issuedWith?: { role: string; caId: string }[];
}

/**
 * Facts about this browser's copy of the vault (schema v2), one record per key. They are local to
 * the device, so a backup does not carry them and a restore does not overwrite them.
 */
export interface VaultMeta {
	/** When a CA was last added, re-sealed or restored: a backup older than this misses it. */
	lastCaChangeAt?: Date;
	/** When the last backup file was made in this browser. */
	lastBackupAt?: Date;
	/** Auto-lock after this many minutes without input. */
	idleLockMinutes?: number;
}

export interface MetaRecord<K extends keyof VaultMeta = keyof VaultMeta> {
	key: K;
	value: VaultMeta[K];
}

export interface VaultSchema extends DBSchema {
	cas: { key: string; value: CaRecord };
	certificates: { key: string; value: CertificateRecord; indexes: { byCa: string } };
	meta: { key: string; value: MetaRecord };
}
