import { PkiError } from '../pki/errors';
import type { StoreDump } from './backup-codec';
import type { CaRecord, CertificateRecord } from './schema';

/** What a restore would do to this vault, shown before anything is written. */
export interface RestorePreview {
	/** CAs of the backup this vault does not hold: they will be added. */
	newCas: { id: string; name: string }[];
	/** CAs of the backup this vault already holds: kept as they are here. */
	keptCas: { id: string; name: string }[];
	newCertificates: number;
	/** Of the new certificate records, how many carry a revocation (the next CRL of their CA lists them). */
	newRevocations: number;
	keptCertificates: number;
}

export interface RestorePlan {
	preview: RestorePreview;
	cas: CaRecord[];
	certificates: CertificateRecord[];
}

const foreign = (why: string) =>
	new PkiError(
		'backup-foreign-record',
		`This backup ${why}. A backup may only add records of the CAs it contains. Nothing was changed; use another copy of the backup.`,
		'backupFile'
	);

/**
 * Which records of an opened backup a restore adds, against the vault as it is now. A backup never
 * changes what belongs to a CA it does not contain: every certificate record must belong to a CA of
 * the same file, and a CA of the file that is already here (same id) must be the same CA, with the
 * same key (a renewal keeps the key and changes the certificate, so the certificates are compared by
 * their public key when their bytes differ). Otherwise a crafted file could add revoked serials under
 * a CA of this vault, and its next CRL would list them.
 */
export function planRestore(
	stores: StoreDump,
	vaultCas: readonly CaRecord[],
	vaultCertificateIds: ReadonlySet<string>
): RestorePlan {
	const fileCas = (stores['cas'] ?? []) as CaRecord[];
	const fileCertificates = (stores['certificates'] ?? []) as CertificateRecord[];
	const here = new Map(vaultCas.map((ca) => [ca.id, ca]));
	const inFile = new Set(fileCas.map((ca) => ca.id));
	const preview: RestorePreview = {
		newCas: [],
		keptCas: [],
		newCertificates: 0,
		newRevocations: 0,
		keptCertificates: 0
	};
	const cas: CaRecord[] = [];
	for (const ca of fileCas) {
		const mine = here.get(ca.id);
		if (!mine) {
			preview.newCas.push({ id: ca.id, name: ca.name });
			cas.push(ca);
		} else if (sameCaKey(mine.certificateDer, ca.certificateDer)) {
			preview.keptCas.push({ id: mine.id, name: mine.name });
		} else {
			throw foreign(`holds a CA "${ca.name}" with the id of "${mine.name}" in this vault but another key`);
		}
	}
	const certificates: CertificateRecord[] = [];
	for (const record of fileCertificates) {
		if (!inFile.has(record.caId))
			throw foreign(`holds a certificate record (${record.serialHex}) of a CA that is not in the file`);
		if (vaultCertificateIds.has(record.id)) {
			preview.keptCertificates++;
			continue;
		}
		certificates.push(record);
		preview.newCertificates++;
		if (record.revocation) preview.newRevocations++;
	}
	return { preview, cas, certificates };
}

function sameCaKey(a: Uint8Array, b: Uint8Array): boolean {
	if (sameBytes(a, b)) return true;
	const [ka, kb] = [subjectPublicKeyInfo(a), subjectPublicKeyInfo(b)];
	return ka !== null && kb !== null && sameBytes(ka, kb);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One DER element at `at`: where its contents start and where it ends (X.690 §8.1), or null if it overruns. */
function element(bytes: Uint8Array, at: number): { tag: number; start: number; end: number } | null {
	if (at + 2 > bytes.length) return null;
	const tag = bytes[at]!;
	let length = bytes[at + 1]!;
	let start = at + 2;
	if (length & 0x80) {
		const octets = length & 0x7f;
		if (octets === 0 || octets > 4 || start + octets > bytes.length) return null;
		length = 0;
		for (let i = 0; i < octets; i++) length = length * 256 + bytes[start + i]!;
		start += octets;
	}
	const end = start + length;
	return end > bytes.length ? null : { tag, start, end };
}

/**
 * The subjectPublicKeyInfo of a certificate: the seventh field of tbsCertificate, or the sixth when
 * the optional [0] version is absent (RFC 5280 §4.1). Null for anything that is not shaped so.
 */
function subjectPublicKeyInfo(der: Uint8Array): Uint8Array | null {
	const certificate = element(der, 0);
	const tbs = certificate && element(der, certificate.start);
	if (!tbs) return null;
	let field = element(der, tbs.start);
	if (field?.tag === 0xa0) field = element(der, field.end);
	for (let i = 0; i < 5 && field; i++) field = element(der, field.end);
	if (!field || field.tag !== 0x30 || field.end > tbs.end) return null;
	return der.subarray(field.start, field.end);
}
