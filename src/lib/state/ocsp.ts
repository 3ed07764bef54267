import { crlDates } from '../pki/crl/next-update';
import { PkiError } from '../pki/errors';
import { DAY_MS } from '../pki/validity';
import { downloadBytes } from '../download';
import type { OcspSignerChoice } from '../pki/ocsp/presign';
import type { CaRecord } from '../vault/schema';
import type { PresignedOcsp } from '../worker/ops/ocsp';
import type { PublishedCrl, RevocationActions } from './revocation';
import type { VaultParts } from './vault-parts';

/** How long pre-signed responses are current by default: like the CRL, a week. */
export const DEFAULT_OCSP_DAYS = 7;

export interface PresignResult extends PresignedOcsp {
	caName: string;
	thisUpdate: Date;
	nextUpdate: Date;
}

/** Both revocation artefacts of a CA signed again in one step, from the dashboard. */
export interface Resigned {
	crl: PublishedCrl;
	ocsp: PresignResult;
}

/** The days a record's last CRL or response set spanned, for signing the next one alike. */
function spanDays(from: Date, to: Date | undefined, fallback: number): number {
	return to ? Math.max(1, Math.round((to.getTime() - from.getTime()) / DAY_MS)) : fallback;
}

/**
 * thisUpdate and nextUpdate of a set of responses: the CRL's rule (crl/next-update.ts), since a
 * response signed by an expired CA is as useless as its CRL, with the expiry told in OCSP's words.
 */
function responseDates(now: Date, days: number, ca: CaRecord) {
	try {
		return crlDates(now, days, ca.notAfter, 'ocspDays');
	} catch (error) {
		if (error instanceof PkiError && error.code === 'ca-expired') {
			throw new PkiError(
				'ca-expired',
				`${ca.name} expired on ${ca.notAfter.toISOString().slice(0, 10)}; OCSP responses it signs would be of no use. Renew the CA or create a new one.`,
				'ocspDays'
			);
		}
		throw error;
	}
}

/** Pre-signing OCSP responses for the certificates of a CA, and re-signing a CA's CRL and responses at once. */
export class OcspActions {
	readonly #vault: VaultParts;
	readonly #revocation: RevocationActions;

	constructor(vault: VaultParts, revocation: RevocationActions) {
		this.#vault = vault;
		this.#revocation = revocation;
	}

	/**
	 * Signs a response for every current certificate of the CA in the worker (pki/ocsp/presign.ts),
	 * good or revoked as the records say, valid `days` (not past the CA's expiry), and records when the
	 * set runs out so the dashboard can warn before it does.
	 */
	async presign(caId: string, days: number, signedBy: OcspSignerChoice): Promise<PresignResult> {
		const ca = this.#vault.records.ca(caId);
		const dates = responseDates(this.#vault.records.now(), days, ca);
		const issuer = this.#vault.keyring.lend(caId, 'pre-signing OCSP responses');
		const certificates = this.#vault.records.certificates
			.filter((c) => c.caId === caId)
			.map((c) => ({
				serialHex: c.serialHex,
				subject: c.subject,
				notAfter: c.notAfter,
				folder: c.folder,
				certFile: c.certFile,
				...(c.revocation ? { revocation: c.revocation } : {})
			}));
		const signed = await this.#vault.worker.call({
			op: 'presignOcsp',
			ca: {
				certificateDer: issuer.certificateDer,
				privateKey: issuer.privateKey,
				name: issuer.name,
				...(issuer.locations ? { locations: issuer.locations } : {}),
				...(issuer.chainDer ? { chainDer: issuer.chainDer } : {})
			},
			certificates,
			dates,
			signedBy
		});
		const latest = this.#vault.records.ca(caId);
		const ocsp: NonNullable<CaRecord['ocsp']> = {
			lastSignedAt: dates.thisUpdate,
			nextUpdate: dates.nextUpdate,
			signedBy
		};
		await this.#vault.records.replaceCa({ ...latest, ocsp });
		return { ...signed, caName: ca.name, ...dates };
	}

	/**
	 * The dashboard's one action: the next CRL (revocation.ts, the next CRL number) and a new set of
	 * responses, each valid as long as the last one was (a week when there was none), signed by whoever
	 * signed the last set.
	 */
	async resign(caId: string): Promise<Resigned> {
		const ca = this.#vault.records.ca(caId);
		const crlDays = ca.crl ? spanDays(ca.crl.lastIssuedAt, ca.crl.nextUpdate, DEFAULT_OCSP_DAYS) : DEFAULT_OCSP_DAYS;
		const ocspDays = ca.ocsp
			? spanDays(ca.ocsp.lastSignedAt, ca.ocsp.nextUpdate, DEFAULT_OCSP_DAYS)
			: DEFAULT_OCSP_DAYS;
		const most = Math.max(1, Math.ceil((ca.notAfter.getTime() - this.#vault.records.now().getTime()) / DAY_MS));
		const crl = await this.#revocation.publishCrl(caId, Math.min(crlDays, most));
		const ocsp = await this.presign(caId, Math.min(ocspDays, most), ca.ocsp?.signedBy ?? 'ca');
		return { crl, ocsp };
	}
}

export function downloadPresigned(result: PresignedOcsp): void {
	downloadBytes(result.zipName, result.zip);
}
