import type { KeyAlgorithm } from '../pki/algorithms';
import type { CaOptions } from '../pki/ca';
import type { PkiErrorData } from '../pki/errors';
import type { LeafRequest, RevocationLocations } from '../pki/issue/prepare';
import type { BundleOutput } from '../export/bundle';
import type { SealedKey } from '../vault/seal';
import type { HandshakeReport } from '../pki/handshake';
import type { HandshakeRequest, InspectReport, InspectRequest } from './inspect';
import type { StoreDump } from '../vault/backup-codec';
import type { BackupContents } from '../vault/backup-file';
import type { RecordTarget } from './record-issued';
import type { LabDefinition } from '../pki/lab/definition';
import type { CsrRequest, CsrValues } from './ops/csr';
import type { CaImportRequest, CaImportValues } from './ops/ca-import';
import type { RevocationRequest, RevocationValues } from './ops/revocation';
import type { RotationRequest, RotationValues } from './ops/rotation';

/** What the page asks the worker to do. Every request is answered once, with a Result. */
export type WorkerRequest =
	| { op: 'probeAlgorithms' }
	| {
			op: 'createCa';
			caId: string;
			name: string;
			keyAlgorithm: KeyAlgorithm;
			days: number;
			passphrase: string;
			options?: CaOptions;
	  }
	| {
			op: 'createIntermediateCa';
			caId: string;
			parent: { certificateDer: Uint8Array<ArrayBuffer>; privateKey: CryptoKey };
			name: string;
			keyAlgorithm: KeyAlgorithm;
			days: number;
			passphrase: string;
			options?: CaOptions;
	  }
	/** Consul Connect documents (export/consul-connect.ts), made here so the page never loads the X.509 code. */
	| { op: 'connectRoots'; rootDer: Uint8Array<ArrayBuffer>; name: string; intermediatesDer: Uint8Array<ArrayBuffer>[] }
	| { op: 'connectConfiguration'; rootDer: Uint8Array<ArrayBuffer>; privateKeyPem?: string }
	/** Opens the sealed key extractable, once, to hand its PEM to a user who confirmed they want it. */
	| { op: 'exportCaKey'; caId: string; keyAlgorithm: KeyAlgorithm; sealedKey: SealedKey; passphrase: string }
	| { op: 'unlockCa'; caId: string; keyAlgorithm: KeyAlgorithm; sealedKey: SealedKey; passphrase: string }
	| {
			op: 'issueBundle';
			issuers: UnlockedCa[];
			profileId: string;
			folders: FolderRequest[];
			zipName: string;
			output: BundleOutput;
			/** When set, the worker records the certificates in the vault before answering (record-issued.ts). */
			recordIn?: RecordTarget;
	  }
	/** A quick lab, planned here from its definition: a 1,000-node plan and its configs are too heavy for the page. */
	| {
			op: 'issueLab';
			issuers: UnlockedCa[];
			lab: LabDefinition;
			caName: string;
			password: string;
			recordIn?: RecordTarget;
	  }
	| InspectRequest
	| HandshakeRequest
	| {
			op: 'resealCa';
			caId: string;
			keyAlgorithm: KeyAlgorithm;
			sealedKey: SealedKey;
			oldPassphrase: string;
			newPassphrase: string;
	  }
	| { op: 'sealBackup'; stores: StoreDump; passphrase: string }
	| { op: 'openBackup'; file: Uint8Array<ArrayBuffer>; passphrase: string }
	| CsrRequest
	| CaImportRequest
	| RevocationRequest
	| RotationRequest;

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

export interface IssuedCertificate {
	/** The CA that signed it. */
	caId: string;
	serialHex: string;
	subject: string;
	sans: string[];
	profileId: string;
	kindId: string;
	folder: string;
	certFile: string;
	notBefore: Date;
	notAfter: Date;
	/** Left out of the answer once the worker has recorded it (the vault holds it; the page does not need it). */
	certificateDer?: Uint8Array<ArrayBuffer>;
	request: LeafRequest;
	/** Set when the bundle held it as a PKCS#12 keystore rather than PEM files. */
	deliveredAs?: 'pkcs12';
	/** The issuance's CAs by role, when there were several. */
	issuedWith?: { role: string; caId: string }[];
}

export interface IssuedBundle {
	zipName: string;
	zip: Uint8Array<ArrayBuffer>;
	certificates: IssuedCertificate[];
}

export interface WorkerValues extends CsrValues, CaImportValues, RevocationValues, RotationValues {
	probeAlgorithms: Record<KeyAlgorithm, string | null>;
	createCa: CreatedCa;
	createIntermediateCa: CreatedCa;
	/** The key as PEM: SEC1 "EC PRIVATE KEY" for EC keys (what consul tls reads), PKCS#8 otherwise. */
	exportCaKey: { pem: string };
	connectRoots: string;
	connectConfiguration: string;
	unlockCa: { privateKey: CryptoKey; unlockMs: number };
	issueBundle: IssuedBundle;
	issueLab: IssuedBundle;
	inspect: InspectReport;
	handshake: HandshakeReport;
	resealCa: SealedKey;
	sealBackup: Uint8Array<ArrayBuffer>;
	openBackup: BackupContents;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: PkiErrorData };

/** Messages on the wire: requests carry an id; the worker answers with progress and one result. */
export type ToWorker = { id: number; request: WorkerRequest } | { id: number; cancel: true };
export type FromWorker =
	{ id: number; progress: { done: number; total: number } } | { id: number; result: Result<unknown> };
