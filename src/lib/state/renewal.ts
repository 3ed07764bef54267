import { downloadBytes } from '../download';
import { slug } from '../export/slug';
import { PkiError } from '../pki/errors';
import type { CertificateRecord } from '../vault/schema';
import type { PkiWorkerClient } from '../worker/client';
import type { IssueActions } from './issue';
import type { Keyring } from './keyring.svelte';
import type { VaultRecords } from './vault-records.svelte';

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

/**
 * Renewing one certificate of the inventory with the same names and profile. Like every issuance,
 * the worker records the new certificate (pointing at the one it renews) before the file is offered.
 */
export class RenewalActions {
	readonly #worker: PkiWorkerClient;
	readonly #records: VaultRecords;
	readonly #keyring: Keyring;
	readonly #issue: IssueActions;

	constructor(worker: PkiWorkerClient, records: VaultRecords, keyring: Keyring, issue: IssueActions) {
		this.#worker = worker;
		this.#records = records;
		this.#keyring = keyring;
		this.#issue = issue;
	}

	/**
	 * Renews a leaf for `days`: a new key in a zip laid out like the original (a .p12 again, under
	 * `pkcs12Password`, when the original was one), or, when it was signed from a CSR, a certificate
	 * for the same public key as PEM (the key stays with whoever made the CSR). Answers the file name.
	 */
	async renewLeaf(record: CertificateRecord, days: number, pkcs12Password = ''): Promise<string> {
		const refusal = renewalRefusal(record);
		if (refusal || !record.request) throw new PkiError('renewal-refused', refusal ?? '', 'form');
		const request = { ...record.request, days };
		if (record.origin === 'csr' && record.certificateDer) {
			const issuer = this.#keyring.lend(record.caId, 'renewing a certificate it signed');
			const recordIn = this.#records.recordTarget({ origin: 'csr', renewalOf: [record.id] });
			const renewed = await this.#worker.call({
				op: 'renewLeafSameKey',
				issuer,
				request,
				oldCertificateDer: record.certificateDer,
				folder: record.folder,
				certFile: record.certFile,
				recordIn
			});
			this.#records.showRecorded([renewed.certificate], recordIn);
			const fileName = record.certFile || 'renewed.crt';
			downloadBytes(fileName, new TextEncoder().encode(renewed.pem), 'application/x-pem-file');
			return fileName;
		}
		// Its own CA first, so a locked one is named as the CA that issued it.
		this.#keyring.lend(record.caId, 'renewing a certificate it issued');
		// The same CAs in the same roles, so a split-CA client certificate ships ca.crt and ca-client.crt as before.
		const issuedWith = record.issuedWith?.filter(({ caId }) => this.#records.cas.some((c) => c.id === caId));
		const issuers = issuedWith?.some((i) => i.role === 'ca') ? issuedWith : [{ role: 'ca', caId: record.caId }];
		const zipName = `${slug(record.folder || record.kindId)}-renewed.zip`;
		const output =
			record.deliveredAs === 'pkcs12'
				? { format: 'pkcs12' as const, password: pkcs12Password }
				: { format: 'pem' as const };
		await this.#issue.issue(
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
}
