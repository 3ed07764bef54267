import { downloadBytes } from '../download';
import { slug } from '../export/slug';
import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { combinedCaFile } from '../pki/rotation/combined-ca-file';
import { signingUri } from '../pki/spiffe';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import type { FolderRequest, UnlockedCa } from '../worker/protocol';
import { certificateRecords } from '../worker/record-issued';
import { rootOf, rotationTrust } from './rotation-trust';
import type { VaultState } from './vault.svelte';

/** Why a recorded certificate cannot be renewed, or null when it can. */
export function renewalRefusal(record: CertificateRecord): string | null {
	if (record.revocation)
		return `This certificate was revoked on ${record.revocation.revokedAt.toISOString().slice(0, 10)} (${record.revocation.reason}); a revoked certificate is not renewed. Issue a new one instead.`;
	if (!record.request)
		return 'This certificate was recorded by an older version of the app, which did not keep what was asked for (names, profile, key type), so it cannot be renewed. Issue a new one with the same names instead.';
	if (record.origin === 'csr' && !record.certificateDer)
		return 'This certificate was signed from a CSR and its public key was not recorded, so it cannot be renewed. Sign a new CSR instead.';
	return null;
}

/** How to start a new root: CockroachDB (both CAs trusted in ca.crt), Consul (cross-signed by the old root), or forced (old root retired at once). */
export type RotationStyle = 'both-trusted' | 'cross-signed' | 'forced';

export interface NewRootInput {
	name: string;
	keyAlgorithm: KeyAlgorithm;
	days: number;
	passphrase: string;
	passphraseConfirm: string;
	style: RotationStyle;
}

export interface ReissueSummary {
	reissued: number;
	/** Certificates that were not re-issued, and why. */
	skipped: { record: CertificateRecord; reason: string }[];
	zipName: string | null;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Renewal, root rotation and recovery from an expired CA (issue 5, capabilities 5 and 7), built
 * on VaultState's public API: keys come from keyOf (a plain refusal when locked), crypto from the
 * worker's rotation ops, records through add/replace so the other tabs hear of them.
 */
export class RotationActions {
	constructor(private readonly vault: VaultState) {}

	#lend(caId: string, action: string): UnlockedCa {
		const ca = this.vault.caRecord(caId);
		const privateKey = this.vault.keyOf(caId, action);
		return {
			role: 'ca',
			id: ca.id,
			name: ca.name,
			certificateDer: ca.certificateDer,
			privateKey,
			locations: ca.locations,
			chainDer: ca.chainDer,
			...rotationTrust(ca, this.vault.cas)
		};
	}

	/**
	 * Renews a leaf with the same names and profile for `days`: a new key in a zip laid out like the
	 * original (through vault.issue; a .p12 again, under `pkcs12Password`, when the original was one),
	 * or, when it was signed from a CSR, a certificate for the same public key as PEM (the key stays
	 * with whoever made the CSR).
	 */
	async renewLeaf(record: CertificateRecord, days: number, pkcs12Password = ''): Promise<string> {
		const refusal = renewalRefusal(record);
		if (refusal || !record.request) throw new PkiError('renewal-refused', refusal ?? '', 'form');
		const ca = this.vault.caRecord(record.caId);
		const request = { ...record.request, days };
		if (record.origin === 'csr' && record.certificateDer) {
			const issuer = this.#lend(ca.id, 'renewing a certificate it signed');
			const renewed = await this.vault.worker.call({
				op: 'renewLeafSameKey',
				issuer,
				request,
				oldCertificateDer: record.certificateDer
			});
			const fileName = record.certFile || 'renewed.crt';
			await this.vault.addCertificateRecords([
				{
					...renewed.certificate,
					folder: record.folder,
					certFile: record.certFile,
					id: `${ca.id}:${renewed.certificate.serialHex}`,
					issuedAt: this.vault.now(),
					origin: 'csr',
					renewalOf: record.id
				}
			]);
			downloadBytes(fileName, new TextEncoder().encode(renewed.pem), 'application/x-pem-file');
			return fileName;
		}
		this.vault.keyOf(ca.id, 'renewing a certificate it issued');
		// The same CAs in the same roles, so a split-CA client certificate ships ca.crt and ca-client.crt as before.
		const issuedWith = record.issuedWith?.filter(({ caId }) => this.vault.cas.some((c) => c.id === caId));
		const issuers = issuedWith?.some((i) => i.role === 'ca') ? issuedWith : [{ role: 'ca', caId: ca.id }];
		for (const { caId } of issuers) this.vault.keyOf(caId, 'renewing a certificate issued with it');
		const zipName = `${slug(record.folder || record.kindId)}-renewed.zip`;
		const output =
			record.deliveredAs === 'pkcs12'
				? { format: 'pkcs12' as const, password: pkcs12Password }
				: { format: 'pem' as const };
		await this.vault.issue(
			issuers,
			request.profileId,
			[{ folder: record.folder, leaves: [request] }],
			zipName,
			output,
			{ renewalOf: [record.id] }
		);
		return zipName;
	}

	/**
	 * Renews a CA with the key it has (cockroach cert create-ca --allow-ca-key-reuse): the record keeps
	 * its id and sealed key; its certificate and dates are replaced, and so is the copy of it in the
	 * chain of every CA below it, so their bundles ship the renewed certificate.
	 */
	async renewCa(caId: string, days: number): Promise<CaRecord> {
		const ca = this.vault.caRecord(caId);
		const privateKey = this.vault.keyOf(caId, 'renewing it');
		const parentRecord = ca.parentId ? this.vault.caRecord(ca.parentId) : undefined;
		const parent = parentRecord
			? {
					certificateDer: parentRecord.certificateDer,
					privateKey: this.vault.keyOf(parentRecord.id, `renewing ${ca.name}, which it signed`)
				}
			: undefined;
		const renewed = await this.vault.worker.call({
			op: 'renewCaSameKey',
			ca: { certificateDer: ca.certificateDer, privateKey },
			parent,
			days
		});
		const updated: CaRecord = { ...ca, ...renewed };
		await this.vault.replaceCaRecord(updated);
		for (const below of this.vault.cas.filter((c) => c.chainDer?.some((d) => sameBytes(d, ca.certificateDer)))) {
			await this.vault.replaceCaRecord({
				...below,
				chainDer: below.chainDer?.map((d) => (sameBytes(d, ca.certificateDer) ? renewed.certificateDer : d))
			});
		}
		return updated;
	}

	/**
	 * Starts a new root that replaces `oldId`. The checks that need the old root (its key for a
	 * cross-signature, its dates) run before the new root is made, so a refusal leaves nothing behind.
	 */
	async rotateRoot(oldId: string, input: NewRootInput): Promise<CaRecord> {
		const old = this.vault.caRecord(oldId);
		if (old.parentId)
			throw new PkiError(
				'ca-not-root',
				`${old.name} is an intermediate; rotation replaces a root. Renew it, or create a new intermediate under its root.`,
				'form'
			);
		const oldKey =
			input.style === 'cross-signed' ? this.vault.keyOf(oldId, 'cross-signing the new root with it') : undefined;
		if (oldKey) {
			if (old.notAfter.getTime() <= this.vault.now().getTime())
				throw new PkiError(
					'ca-expired',
					`${old.name} has expired and cannot vouch for a new root. Use a forced rotation or recovery instead.`,
					'form'
				);
			if (input.name.trim() === old.name)
				throw new PkiError(
					'name-invalid',
					'Give the new root a name different from the old one: the cross-signed certificate would otherwise name the same CA as issuer and subject.',
					'name'
				);
		}
		const options = {
			...(old.trustDomain ? { uris: [signingUri(old.trustDomain)] } : {}),
			...(old.pathLen !== undefined ? { pathLen: old.pathLen } : {})
		};
		const created = await this.vault.createCa({
			name: input.name,
			keyAlgorithm: input.keyAlgorithm,
			days: input.days,
			passphrase: input.passphrase,
			passphraseConfirm: input.passphraseConfirm,
			options
		});
		let crossSignedDer: Uint8Array<ArrayBuffer> | undefined;
		if (oldKey)
			crossSignedDer = await this.vault.worker.call({
				op: 'crossSignRoot',
				newRootDer: created.certificateDer,
				oldRoot: { certificateDer: old.certificateDer, privateKey: oldKey }
			});
		const record: CaRecord = {
			...this.vault.caRecord(created.id),
			supersedes: oldId,
			...(crossSignedDer ? { crossSignedDer } : {}),
			...(old.locations ? { locations: old.locations } : {})
		};
		await this.vault.replaceCaRecord(record);
		if (input.style === 'forced') await this.completeRotation(record.id);
		return record;
	}

	/** The old root stops being trusted by new bundles: it gets retiredAt (it still verifies what it issued). */
	async completeRotation(newId: string): Promise<void> {
		const fresh = this.vault.caRecord(newId);
		if (!fresh.supersedes) return;
		await this.vault.replaceCaRecord({ ...this.vault.caRecord(fresh.supersedes), retiredAt: this.vault.now() });
	}

	/** The two-CA ca.crt of a rotation under way, new CA first, for nodes to install before any certificate changes. */
	downloadCombinedCaFile(newId: string): string {
		const fresh = this.vault.caRecord(newId);
		const old = fresh.supersedes ? this.vault.caRecord(fresh.supersedes) : undefined;
		const text = combinedCaFile(old ? [fresh.certificateDer, old.certificateDer] : [fresh.certificateDer]);
		downloadBytes('ca.crt', new TextEncoder().encode(text), 'application/x-pem-file');
		return 'ca.crt';
	}

	/**
	 * Re-issues, under `toId`, every current certificate recorded under `fromId`: each with its
	 * request (same names, profile and length), a new key, in one zip; the new records point at the
	 * old ones (renewalOf). Revoked, already renewed, CSR-signed and pre-request records are listed
	 * as skipped with the reason.
	 */
	async reissueAll(fromId: string, toId: string): Promise<ReissueSummary> {
		const to = this.vault.caRecord(toId);
		const issuer = this.#lend(toId, 're-issuing certificates under it');
		const renewed = new Set(this.vault.certificates.map((c) => c.renewalOf).filter(Boolean));
		const skipped: ReissueSummary['skipped'] = [];
		const chosen: CertificateRecord[] = [];
		for (const record of this.vault.certificates.filter((c) => c.caId === fromId && !renewed.has(c.id))) {
			const reason =
				renewalRefusal(record) ??
				(record.origin === 'csr'
					? 'Signed from a CSR: the key is not here; renew it on its own row to keep its key.'
					: null);
			if (reason) skipped.push({ record, reason });
			else chosen.push(record);
		}
		if (chosen.length === 0) return { reissued: 0, skipped, zipName: null };
		const groups = groupByProfileAndFolder(chosen);
		const zipName = `${slug(to.name)}-reissued.zip`;
		const bundle = await this.vault.worker.call({
			op: 'reissueLeaves',
			issuer,
			groups: groups.map((g) => ({ profileId: g.profileId, folders: g.folders })),
			zipName
		});
		const oldIds = groups.flatMap((g) => g.ids);
		const issuedAt = this.vault.now();
		const records = certificateRecords(bundle.certificates, issuedAt, oldIds);
		await this.vault.addCertificateRecords(records);
		downloadBytes(bundle.zipName, bundle.zip);
		return { reissued: records.length, skipped, zipName };
	}

	/**
	 * Recovery from an expired (or expiring) CA in one step: the CA is re-issued (same key: renewed
	 * in place; new key: a new CA of the same name that replaces it, the old one retired at once
	 * since it can vouch for nothing), then everything recorded under it is re-issued in one zip.
	 */
	async recover(
		caId: string,
		keepKey: boolean,
		days: number,
		newKey?: Omit<NewRootInput, 'style' | 'name' | 'days'>
	): Promise<ReissueSummary> {
		const ca = this.vault.caRecord(caId);
		if (keepKey) {
			await this.renewCa(caId, days);
			return this.reissueAll(caId, caId);
		}
		if (!newKey) throw new Error('recover with a new key needs its algorithm and passphrase');
		let fresh: CaRecord;
		if (ca.parentId) {
			this.vault.keyOf(ca.parentId, `re-creating ${ca.name} under it`);
			const created = await this.vault.createIntermediate(ca.parentId, {
				name: ca.name,
				days,
				...newKey,
				options: ca.pathLen !== undefined ? { pathLen: ca.pathLen } : {}
			});
			fresh = {
				...this.vault.caRecord(created.id),
				supersedes: caId,
				...(ca.locations ? { locations: ca.locations } : {})
			};
			await this.vault.replaceCaRecord(fresh);
			await this.completeRotation(fresh.id);
		} else {
			fresh = await this.rotateRoot(caId, { name: ca.name, days, ...newKey, style: 'forced' });
		}
		return this.reissueAll(caId, fresh.id);
	}

	/** Roots of the vault that a given root replaced or was replaced by, for the card's status line. */
	rotationOf(caId: string): { replaces?: CaRecord; replacedBy?: CaRecord; retiredAt?: Date } {
		const ca = this.vault.caRecord(caId);
		const root = rootOf(ca, this.vault.cas);
		if (root.id !== ca.id) return {};
		return {
			replaces: ca.supersedes ? this.vault.cas.find((c) => c.id === ca.supersedes) : undefined,
			replacedBy: this.vault.cas.find((c) => c.supersedes === ca.id),
			retiredAt: ca.retiredAt
		};
	}
}

/** Requests grouped by profile (each zip part has one layout), then by folder, keeping the record order. */
function groupByProfileAndFolder(
	records: CertificateRecord[]
): { profileId: string; folders: FolderRequest[]; ids: string[] }[] {
	const groups: { profileId: string; folders: FolderRequest[]; ids: string[] }[] = [];
	for (const record of records) {
		const request = record.request;
		if (!request) continue;
		let group = groups.find((g) => g.profileId === request.profileId);
		if (!group) groups.push((group = { profileId: request.profileId, folders: [], ids: [] }));
		let folder = group.folders.find((f) => f.folder === record.folder);
		if (!folder) group.folders.push((folder = { folder: record.folder, leaves: [] }));
		folder.leaves.push(request);
	}
	// ids in the order the worker issues them: folder by folder within each group.
	for (const group of groups) {
		group.ids = group.folders.flatMap((f) =>
			records.filter((r) => r.request?.profileId === group.profileId && r.folder === f.folder).map((r) => r.id)
		);
	}
	return groups;
}
