import { crlFileNames, type CrlFileNames } from '../pki/crl/file-names';
import { crlDates } from '../pki/crl/next-update';
import type { CrlReasonName } from '../pki/crl/reasons';
import { PkiError } from '../pki/errors';
import { wholeSeconds } from '../pki/validity';
import { slug } from '../export/slug';
import { downloadBytes } from '../download';
import type { CertificateRecord, RevocationReason } from '../vault/schema';
import type { VaultParts } from './vault-parts';

/** The vault's reasons and the CRL core's are the same set (RFC 5280 §5.3.1); this fails to compile if they drift. */
const sameReasons: [RevocationReason, CrlReasonName] extends [CrlReasonName, RevocationReason] ? true : never = true;
void sameReasons;

export interface PublishedCrl {
	caName: string;
	number: number;
	thisUpdate: Date;
	nextUpdate: Date;
	revokedCount: number;
	files: CrlFileNames;
	der: Uint8Array<ArrayBuffer>;
	pem: string;
}

/** Revoking certificates of the inventory and publishing the CRLs of the vault's CAs. */
export class RevocationActions {
	readonly #vault: VaultParts;

	constructor(vault: VaultParts) {
		this.#vault = vault;
	}

	/**
	 * Marks a certificate revoked, for good: the record keeps the date and reason, and every CRL its CA
	 * publishes from now on lists it. There is no un-revoke (certificateHold, RFC 5280 §5.3.1, is not
	 * offered), so the UI asks first.
	 */
	async revokeCertificate(recordId: string, reason: RevocationReason): Promise<CertificateRecord> {
		const record = this.#vault.records.certificates.find((c) => c.id === recordId);
		if (!record) throw new Error(`Unknown certificate ${recordId}`);
		if (record.revocation) {
			throw new PkiError(
				'vault-conflict',
				`${record.certFile} was already revoked on ${record.revocation.revokedAt.toISOString().slice(0, 10)}.`,
				'form'
			);
		}
		const revoked: CertificateRecord = {
			...record,
			revocation: { revokedAt: wholeSeconds(this.#vault.records.now()), reason }
		};
		await this.#vault.records.replaceCertificates([revoked]);
		return revoked;
	}

	/**
	 * Signs the next CRL of a CA in the worker: every revoked certificate of the CA, CRL number one more
	 * than the last (RFC 5280 §5.2.3), nextUpdate `days` ahead but not past the CA's expiry. The new number
	 * is stored only after the signature exists, so a failed or refused attempt uses up no number; once
	 * stored, it is never issued again, whether or not the user downloads the files.
	 */
	async publishCrl(caId: string, days: number): Promise<PublishedCrl> {
		const ca = this.#vault.records.ca(caId);
		const dates = crlDates(this.#vault.records.now(), days, ca.notAfter);
		const issuer = this.#vault.keyring.lend(caId, 'publishing a CRL');
		const number = (ca.crl?.lastNumber ?? 0) + 1;
		const entries = this.#vault.records.certificates
			.filter((c) => c.caId === caId && c.revocation)
			.map((c) => ({ serialHex: c.serialHex, revokedAt: c.revocation!.revokedAt, reason: c.revocation!.reason }));
		const signed = await this.#vault.worker.call({
			op: 'signCrl',
			caCertificateDer: issuer.certificateDer,
			privateKey: issuer.privateKey,
			number,
			...dates,
			entries
		});
		// Stored only if it is still the next number: another tab may have published meanwhile, and a
		// number must never be used twice (RFC 5280 §5.2.3). The store re-reads the CA to decide
		// (VaultStore.commitCrlNumber); a refused CRL is dropped here and never reaches the user.
		try {
			await this.#vault.records.commitCrl(caId, {
				lastNumber: number,
				lastIssuedAt: dates.thisUpdate,
				nextUpdate: dates.nextUpdate
			});
		} catch (error) {
			if (error instanceof PkiError && error.code === 'vault-conflict')
				throw new PkiError(
					'vault-conflict',
					`CRL number ${number} of ${ca.name} was published in another tab in the meantime, so this CRL was discarded. ` +
						'The view was refreshed: publish again for the next number.',
					'form'
				);
			throw error;
		}
		return {
			caName: ca.name,
			number,
			...dates,
			revokedCount: entries.length,
			files: crlFileNames(slug(ca.name), number, ca.locations?.crlUrl),
			der: signed.der,
			pem: signed.pem
		};
	}
}

/** The DER file is what a CRL distribution point serves (RFC 5280 §4.2.1.13); its media type is RFC 2585 §4.2's. */
export function downloadCrlDer(crl: PublishedCrl): void {
	downloadBytes(crl.files.der, crl.der, 'application/pkix-crl');
}

export function downloadCrlPem(crl: PublishedCrl): void {
	downloadBytes(crl.files.pem, new TextEncoder().encode(crl.pem), 'application/x-pem-file');
}
