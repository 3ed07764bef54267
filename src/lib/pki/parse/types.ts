import { MAX_CRL_ENTRIES } from './crl-reader';
import { MAX_PEM_BLOCKS } from './pem-blocks';
import type { PkiErrorData } from '../errors';
import type { x509 } from '../x509';
import type { KeyInfo } from './key-info';

/** One dropped or pasted file, or one file of a certs-dir; mode is the Unix mode when known. */
export interface InputFile {
	name: string;
	bytes: Uint8Array;
	mode?: number;
}

/** Where an item came from: the file, the path inside a zip, the PEM block, the PKCS#12 bag. */
export interface ItemSource {
	file: string;
	/** Path inside a zip (nested zips joined with "/"). */
	entry?: string;
	/** 1-based index of the PEM block or PKCS#12 bag, when the file held several. */
	block?: number;
	/** PKCS#12 friendlyName (the alias keytool shows). */
	friendlyName?: string;
	/** PKCS#12 localKeyID as hex: a key and its certificate share it. */
	localKeyId?: string;
}

interface ItemBase {
	source: ItemSource;
	/** A one-line name for the UI, e.g. "certs.zip › certs/node.crt (block 2)". */
	label: string;
	/** Unix permission bits (e.g. 0o600) from the zip or certs-dir, when known. */
	mode?: number;
	/** The DER encoding. */
	der: Uint8Array<ArrayBuffer>;
}

export interface CertificateItem extends ItemBase {
	kind: 'certificate';
	cert: x509.X509Certificate;
}
export interface CsrItem extends ItemBase {
	kind: 'csr';
	csr: x509.Pkcs10CertificateRequest;
}
export interface CrlItem extends ItemBase {
	kind: 'crl';
	crl: x509.X509Crl;
}
/** A private key, always normalised to unencrypted PKCS#8 (der holds it). */
export interface PrivateKeyItem extends ItemBase {
	kind: 'private-key';
	algorithm: KeyInfo;
	/** What the key looked like on disk. */
	format: 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1' | 'pkcs12';
}

export type ParsedItem = CertificateItem | CsrItem | CrlItem | PrivateKeyItem;

/** A part of the input that could not be read; the rest was still parsed. */
export interface ParseProblem {
	source: ItemSource;
	label: string;
	error: PkiErrorData;
}

export interface ParseResult {
	items: ParsedItem[];
	problems: ParseProblem[];
}

/** Asked once per password-protected file (PKCS#12 or encrypted PKCS#8); undefined = the user declined. */
export type PasswordProvider = (request: {
	label: string;
	kind: 'pkcs12' | 'encrypted-key';
}) => Promise<string | undefined>;

/**
 * What each format read here may cost, checked before the work it bounds (each limit has a test in
 * the *.hostile.test.ts files next to the code):
 * - any dropped file: maxInputBytes;
 * - PEM (pem-blocks.ts): maxPemBlocks, labels of at most 64 characters, a scan linear in the text;
 * - zip (zip.ts, zip-directory.ts): maxZipEntries, maxZipUncompressedBytes for a dropped file and every
 *   zip inside it, maxZipDepth, a 100:1 ratio, no two entries sharing bytes, inflation stopped at the
 *   declared size;
 * - certificates and CSRs: the x509 library's asn1js budget (100 levels, 10,000 nodes, 16 MB elements);
 * - CRLs (crl-reader.ts): maxCrlEntries, the same asn1js budget for everything but the entries;
 * - PKCS#12, PKCS#7 and encrypted PKCS#8 (ber.ts): BER_LIMITS (64 levels, 200,000 nodes, 16 MB
 *   elements); key-derivation rounds are bounded in ../pbe;
 * - private keys in PKCS#8, PKCS#1 and SEC1: the DER reader, one level at a time, no recursion;
 * - instances.yml (instances-yml.ts): 1 MB, 16 levels, 1,000 instances, no aliases.
 * The lab form's hosts and a lab.json's hosts are bounded in ../lab/hosts.ts.
 */
export interface ParseLimits {
	/** Largest single input, in bytes. */
	maxInputBytes: number;
	/** Largest total uncompressed size of one dropped zip with the zips inside it, from their central directories. */
	maxZipUncompressedBytes: number;
	maxZipEntries: number;
	/** Zips inside zips. */
	maxZipDepth: number;
	/** PEM blocks in one file. */
	maxPemBlocks: number;
	/** Revoked certificates one CRL may list. */
	maxCrlEntries: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
	maxInputBytes: 50 * 1024 * 1024,
	maxZipUncompressedBytes: 20 * 1024 * 1024,
	maxZipEntries: 2000,
	maxZipDepth: 2,
	maxPemBlocks: MAX_PEM_BLOCKS,
	maxCrlEntries: MAX_CRL_ENTRIES
};

export interface ParseOptions {
	password?: string | PasswordProvider;
	limits?: Partial<ParseLimits>;
	/**
	 * The user confirmed reading a file whose key derivation asks for more than a million rounds
	 * (../pbe/kdf-budget.ts); without it such a file is a `kdf-slow-confirm` problem.
	 */
	allowSlowKdf?: boolean;
}
