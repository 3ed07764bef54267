import { downloadBytes } from '../download';
import { slug } from '../export/slug';
import { PkiError } from '../pki/errors';
import type { Pkcs12Compatibility } from '../pki/pbe/pkcs12-compatibility';
import type { CertificateRecord } from '../vault/schema';
import type { FolderRequest } from '../worker/protocol';
import type { IssueActions } from './issue';
import type { VaultParts } from './vault-parts';

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

export interface ReissueSummary {
	reissued: number;
	/** Certificates that were not re-issued, and why. */
	skipped: { record: CertificateRecord; reason: string }[];
	zipName: string | null;
}

/**
 * Renewing certificates of the inventory with the same names and profile: one, or every one a CA
 * issued. Like every issuance, the worker records the new certificates (each pointing at the one it
 * renews) before the file is offered.
 */
export class RenewalActions {
	readonly #vault: VaultParts;
	readonly #issue: IssueActions;

	constructor(vault: VaultParts, issue: IssueActions) {
		this.#vault = vault;
		this.#issue = issue;
	}

	/**
	 * Renews a leaf for `days`: a new key in a zip laid out like the original (a .p12 again, under
	 * `pkcs12Password` and encrypted as `pkcs12Compatibility` says, by default as the original was), or,
	 * when it was signed from a CSR, a certificate for the same public key as PEM (the key stays with
	 * whoever made the CSR). Answers the file name.
	 */
	async renewLeaf(
		record: CertificateRecord,
		days: number,
		pkcs12Password = '',
		pkcs12Compatibility: Pkcs12Compatibility = record.pkcs12Compatibility ?? 'modern'
	): Promise<string> {
		const refusal = renewalRefusal(record);
		if (refusal || !record.request) throw new PkiError('renewal-refused', refusal ?? '', 'form');
		const request = { ...record.request, days };
		if (record.origin === 'csr' && record.certificateDer) {
			const issuer = this.#vault.keyring.lend(record.caId, 'renewing a certificate it signed');
			const recordIn = this.#vault.records.recordTarget({ origin: 'csr', renewalOf: [record.id] });
			const renewed = await this.#vault.worker.call({
				op: 'renewLeafSameKey',
				issuer,
				request,
				oldCertificateDer: record.certificateDer,
				folder: record.folder,
				certFile: record.certFile,
				recordIn
			});
			this.#vault.records.showRecorded([renewed.certificate], recordIn);
			const fileName = record.certFile || 'renewed.crt';
			downloadBytes(fileName, new TextEncoder().encode(renewed.pem), 'application/x-pem-file');
			return fileName;
		}
		// Its own CA first, so a locked one is named as the CA that issued it.
		this.#vault.keyring.lend(record.caId, 'renewing a certificate it issued');
		// The same CAs in the same roles, so a split-CA client certificate ships ca.crt and ca-client.crt as before.
		const issuedWith = record.issuedWith?.filter(({ caId }) => this.#vault.records.cas.some((c) => c.id === caId));
		const issuers = issuedWith?.some((i) => i.role === 'ca') ? issuedWith : [{ role: 'ca', caId: record.caId }];
		const zipName = `${slug(record.folder || record.kindId)}-renewed.zip`;
		const output =
			record.deliveredAs === 'pkcs12'
				? { format: 'pkcs12' as const, password: pkcs12Password, compatibility: pkcs12Compatibility }
				: { format: 'pem' as const };
		await this.#issue.bundle(
			issuers,
			request.profileId,
			[{ folder: record.folder, leaves: [request] }],
			zipName,
			output,
			{
				renewalOf: [record.id],
				action: 'renewing a certificate issued with it'
			}
		);
		return zipName;
	}

	/**
	 * Re-issues, under `toId`, every current certificate recorded under `fromId`: each with its
	 * request (same names, profile and length), a new key, in one zip; the new records point at the
	 * old ones (renewalOf), recorded by the worker before the zip is offered. Revoked, already
	 * renewed, CSR-signed and pre-request records are listed as skipped with the reason.
	 */
	async reissueAll(fromId: string, toId: string): Promise<ReissueSummary> {
		const issuer = this.#vault.keyring.lend(toId, 're-issuing certificates under it');
		const renewed = new Set(this.#vault.records.certificates.map((c) => c.renewalOf).filter(Boolean));
		const skipped: ReissueSummary['skipped'] = [];
		const chosen: CertificateRecord[] = [];
		for (const record of this.#vault.records.certificates.filter((c) => c.caId === fromId && !renewed.has(c.id))) {
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
		const zipName = `${slug(issuer.name)}-reissued.zip`;
		const recordIn = this.#vault.records.recordTarget({ renewalOf: groups.flatMap((g) => g.ids) });
		const bundle = await this.#vault.worker.call({
			op: 'reissueLeaves',
			issuer,
			groups: groups.map((g) => ({ profileId: g.profileId, folders: g.folders })),
			zipName,
			recordIn
		});
		this.#vault.records.showRecorded(bundle.certificates, recordIn);
		downloadBytes(bundle.zipName, bundle.zip);
		return { reissued: bundle.certificates.length, skipped, zipName };
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
