import { downloadBytes } from '../download';
import { slug } from '../export/slug';
import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { combinedCaFile } from '../pki/rotation/combined-ca-file';
import { signingUri } from '../pki/spiffe';
import type { CaKeyPair } from '../pki/rotation';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import type { PkiWorkerClient } from '../worker/client';
import type { FolderRequest, UnlockedCa } from '../worker/protocol';
import type { CaActions } from './ca-actions';
import type { Keyring } from './keyring.svelte';
import { renewalRefusal } from './renewal';
import { rootOf } from './rotation-trust';
import type { VaultRecords } from './vault-records.svelte';

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

/** The certificate and key a rotation step signs with, and nothing more of the lent CA. */
const keyPair = ({ certificateDer, privateKey }: UnlockedCa): CaKeyPair => ({ certificateDer, privateKey });

/**
 * Renewing a CA, root rotation (CockroachDB style: both roots trusted; Consul style: the new root
 * cross-signed by the old) and recovery from an expired CA. CA keys are lent by the keyring; new
 * CAs are made through CaActions and re-issued certificates recorded by the worker.
 */
export class RotationActions {
	readonly #worker: PkiWorkerClient;
	readonly #records: VaultRecords;
	readonly #keyring: Keyring;
	readonly #cas: CaActions;

	constructor(worker: PkiWorkerClient, records: VaultRecords, keyring: Keyring, cas: CaActions) {
		this.#worker = worker;
		this.#records = records;
		this.#keyring = keyring;
		this.#cas = cas;
	}

	/**
	 * Renews a CA with the key it has (cockroach cert create-ca --allow-ca-key-reuse): the record keeps
	 * its id and sealed key; its certificate and dates are replaced, and so is the copy of it in the
	 * chain of every CA below it, so their bundles ship the renewed certificate.
	 */
	async renewCa(caId: string, days: number): Promise<CaRecord> {
		const ca = this.#records.ca(caId);
		const own = this.#keyring.lend(caId, 'renewing it');
		const parent = ca.parentId ? this.#keyring.lend(ca.parentId, `renewing ${ca.name}, which it signed`) : undefined;
		const renewed = await this.#worker.call({
			op: 'renewCaSameKey',
			ca: keyPair(own),
			parent: parent && keyPair(parent),
			days
		});
		const updated: CaRecord = { ...ca, ...renewed };
		await this.#records.replaceCa(updated);
		for (const below of this.#records.cas.filter((c) => c.chainDer?.some((d) => sameBytes(d, ca.certificateDer)))) {
			await this.#records.replaceCa({
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
		const old = this.#records.ca(oldId);
		if (old.parentId)
			throw new PkiError(
				'renewal-refused',
				`${old.name} is an intermediate; rotation replaces a root. Renew it, or create a new intermediate under its root.`,
				'form'
			);
		const oldRoot =
			input.style === 'cross-signed' ? this.#keyring.lend(oldId, 'cross-signing the new root with it') : undefined;
		if (oldRoot) {
			if (old.notAfter.getTime() <= this.#records.now().getTime())
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
		const created = await this.#cas.create({
			name: input.name,
			keyAlgorithm: input.keyAlgorithm,
			days: input.days,
			passphrase: input.passphrase,
			passphraseConfirm: input.passphraseConfirm,
			options
		});
		let crossSignedDer: Uint8Array<ArrayBuffer> | undefined;
		if (oldRoot)
			crossSignedDer = await this.#worker.call({
				op: 'crossSignRoot',
				newRootDer: created.certificateDer,
				oldRoot: keyPair(oldRoot)
			});
		const record: CaRecord = {
			...this.#records.ca(created.id),
			supersedes: oldId,
			...(crossSignedDer ? { crossSignedDer } : {}),
			...(old.locations ? { locations: old.locations } : {})
		};
		await this.#records.replaceCa(record);
		if (input.style === 'forced') await this.completeRotation(record.id);
		return record;
	}

	/** The old root stops being trusted by new bundles: it gets retiredAt (it still verifies what it issued). */
	async completeRotation(newId: string): Promise<void> {
		const fresh = this.#records.ca(newId);
		if (!fresh.supersedes) return;
		await this.#records.replaceCa({ ...this.#records.ca(fresh.supersedes), retiredAt: this.#records.now() });
	}

	/** The two-CA ca.crt of a rotation under way, new CA first, for nodes to install before any certificate changes. */
	downloadCombinedCaFile(newId: string): string {
		const fresh = this.#records.ca(newId);
		const old = fresh.supersedes ? this.#records.ca(fresh.supersedes) : undefined;
		const text = combinedCaFile(old ? [fresh.certificateDer, old.certificateDer] : [fresh.certificateDer]);
		downloadBytes('ca.crt', new TextEncoder().encode(text), 'application/x-pem-file');
		return 'ca.crt';
	}

	/**
	 * Re-issues, under `toId`, every current certificate recorded under `fromId`: each with its
	 * request (same names, profile and length), a new key, in one zip; the new records point at the
	 * old ones (renewalOf), recorded by the worker before the zip is offered. Revoked, already
	 * renewed, CSR-signed and pre-request records are listed as skipped with the reason.
	 */
	async reissueAll(fromId: string, toId: string): Promise<ReissueSummary> {
		const issuer = this.#keyring.lend(toId, 're-issuing certificates under it');
		const renewed = new Set(this.#records.certificates.map((c) => c.renewalOf).filter(Boolean));
		const skipped: ReissueSummary['skipped'] = [];
		const chosen: CertificateRecord[] = [];
		for (const record of this.#records.certificates.filter((c) => c.caId === fromId && !renewed.has(c.id))) {
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
		const recordIn = this.#records.recordTarget({ renewalOf: groups.flatMap((g) => g.ids) });
		const bundle = await this.#worker.call({
			op: 'reissueLeaves',
			issuer,
			groups: groups.map((g) => ({ profileId: g.profileId, folders: g.folders })),
			zipName,
			recordIn
		});
		this.#records.showRecorded(bundle.certificates, recordIn);
		downloadBytes(bundle.zipName, bundle.zip);
		return { reissued: bundle.certificates.length, skipped, zipName };
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
		const ca = this.#records.ca(caId);
		if (keepKey) {
			await this.renewCa(caId, days);
			return this.reissueAll(caId, caId);
		}
		if (!newKey) throw new Error('recover with a new key needs its algorithm and passphrase');
		let fresh: CaRecord;
		if (ca.parentId) {
			// The parent's refusal first, in words about this recovery, before anything is made.
			this.#keyring.lend(ca.parentId, `re-creating ${ca.name} under it`);
			const created = await this.#cas.createIntermediate(ca.parentId, {
				name: ca.name,
				days,
				...newKey,
				options: ca.pathLen !== undefined ? { pathLen: ca.pathLen } : {}
			});
			fresh = {
				...this.#records.ca(created.id),
				supersedes: caId,
				...(ca.locations ? { locations: ca.locations } : {})
			};
			await this.#records.replaceCa(fresh);
			await this.completeRotation(fresh.id);
		} else {
			fresh = await this.rotateRoot(caId, { name: ca.name, days, ...newKey, style: 'forced' });
		}
		return this.reissueAll(caId, fresh.id);
	}

	/** Roots of the vault that a given root replaced or was replaced by, for the card's status line. */
	rotationOf(caId: string): { replaces?: CaRecord; replacedBy?: CaRecord; retiredAt?: Date } {
		const ca = this.#records.ca(caId);
		const root = rootOf(ca, this.#records.cas);
		if (root.id !== ca.id) return {};
		return {
			replaces: ca.supersedes ? this.#records.cas.find((c) => c.id === ca.supersedes) : undefined,
			replacedBy: this.#records.cas.find((c) => c.supersedes === ca.id),
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
