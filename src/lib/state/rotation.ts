import { downloadBytes } from '../download';
import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { combinedCaFile } from '../pki/rotation/combined-ca-file';
import { signingUri } from '../pki/spiffe';
import type { CaKeyPair } from '../pki/rotation';
import type { CaRecord } from '../vault/schema';
import type { UnlockedCa } from '../worker/protocol';
import type { CaActions } from './ca-actions';
import type { ReissueSummary, RenewalActions } from './renewal';
import { rootOf } from './rotation-trust';
import type { VaultParts } from './vault-parts';

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

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The certificate and key a rotation step signs with, and nothing more of the lent CA. */
const keyPair = ({ certificateDer, privateKey }: UnlockedCa): CaKeyPair => ({ certificateDer, privateKey });

/**
 * Renewing a CA, root rotation (CockroachDB style: both roots trusted; Consul style: the new root
 * cross-signed by the old) and recovery from an expired CA. CA keys are lent by the keyring; new
 * CAs are made through CaActions, and certificates re-issued through RenewalActions.
 */
export class RotationActions {
	readonly #vault: VaultParts;
	readonly #cas: CaActions;
	readonly #renewal: RenewalActions;

	constructor(vault: VaultParts, cas: CaActions, renewal: RenewalActions) {
		this.#vault = vault;
		this.#cas = cas;
		this.#renewal = renewal;
	}

	/**
	 * Renews a CA with the key it has (cockroach cert create-ca --allow-ca-key-reuse): the record keeps
	 * its id and sealed key; its certificate and dates are replaced, and so is the copy of it in the
	 * chain of every CA below it, so their bundles ship the renewed certificate.
	 */
	async renewCa(caId: string, days: number): Promise<CaRecord> {
		const ca = this.#vault.records.ca(caId);
		const own = this.#vault.keyring.lend(caId, 'renewing it');
		const parent = ca.parentId
			? this.#vault.keyring.lend(ca.parentId, `renewing ${ca.name}, which it signed`)
			: undefined;
		const renewed = await this.#vault.worker.call({
			op: 'renewCaSameKey',
			ca: keyPair(own),
			parent: parent && keyPair(parent),
			days
		});
		const updated: CaRecord = { ...ca, ...renewed };
		await this.#vault.records.replaceCa(updated);
		for (const below of this.#vault.records.cas.filter((c) =>
			c.chainDer?.some((d) => sameBytes(d, ca.certificateDer))
		)) {
			await this.#vault.records.replaceCa({
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
		const old = this.#vault.records.ca(oldId);
		if (old.parentId)
			throw new PkiError(
				'ca-not-root',
				`${old.name} is an intermediate; rotation replaces a root. Renew it, or create a new intermediate under its root.`,
				'form'
			);
		const oldRoot =
			input.style === 'cross-signed'
				? this.#vault.keyring.lend(oldId, 'cross-signing the new root with it')
				: undefined;
		if (oldRoot) {
			if (old.notAfter.getTime() <= this.#vault.records.now().getTime())
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
			crossSignedDer = await this.#vault.worker.call({
				op: 'crossSignRoot',
				newRootDer: created.certificateDer,
				oldRoot: keyPair(oldRoot)
			});
		const record: CaRecord = {
			...this.#vault.records.ca(created.id),
			supersedes: oldId,
			...(crossSignedDer ? { crossSignedDer } : {}),
			...(old.locations ? { locations: old.locations } : {})
		};
		await this.#vault.records.replaceCa(record);
		if (input.style === 'forced') await this.completeRotation(record.id);
		return record;
	}

	/** The old root stops being trusted by new bundles: it gets retiredAt (it still verifies what it issued). */
	async completeRotation(newId: string): Promise<void> {
		const fresh = this.#vault.records.ca(newId);
		if (!fresh.supersedes) return;
		await this.#vault.records.replaceCa({
			...this.#vault.records.ca(fresh.supersedes),
			retiredAt: this.#vault.records.now()
		});
	}

	/** The two-CA ca.crt of a rotation under way, new CA first, for nodes to install before any certificate changes. */
	downloadCombinedCaFile(newId: string): string {
		const fresh = this.#vault.records.ca(newId);
		const old = fresh.supersedes ? this.#vault.records.ca(fresh.supersedes) : undefined;
		const text = combinedCaFile(old ? [fresh.certificateDer, old.certificateDer] : [fresh.certificateDer]);
		downloadBytes('ca.crt', new TextEncoder().encode(text), 'application/x-pem-file');
		return 'ca.crt';
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
		const ca = this.#vault.records.ca(caId);
		if (keepKey) {
			await this.renewCa(caId, days);
			return this.#renewal.reissueAll(caId, caId);
		}
		if (!newKey) throw new Error('recover with a new key needs its algorithm and passphrase');
		let fresh: CaRecord;
		if (ca.parentId) {
			// The parent's refusal first, in words about this recovery, before anything is made.
			this.#vault.keyring.lend(ca.parentId, `re-creating ${ca.name} under it`);
			const created = await this.#cas.createIntermediate(ca.parentId, {
				name: ca.name,
				days,
				...newKey,
				options: ca.pathLen !== undefined ? { pathLen: ca.pathLen } : {}
			});
			fresh = {
				...this.#vault.records.ca(created.id),
				supersedes: caId,
				...(ca.locations ? { locations: ca.locations } : {})
			};
			await this.#vault.records.replaceCa(fresh);
			await this.completeRotation(fresh.id);
		} else {
			fresh = await this.rotateRoot(caId, { name: ca.name, days, ...newKey, style: 'forced' });
		}
		return this.#renewal.reissueAll(caId, fresh.id);
	}

	/** Roots of the vault that a given root replaced or was replaced by, for the card's status line. */
	rotationOf(caId: string): { replaces?: CaRecord; replacedBy?: CaRecord; retiredAt?: Date } {
		const ca = this.#vault.records.ca(caId);
		const root = rootOf(ca, this.#vault.records.cas);
		if (root.id !== ca.id) return {};
		return {
			replaces: ca.supersedes ? this.#vault.records.cas.find((c) => c.id === ca.supersedes) : undefined,
			replacedBy: this.#vault.records.cas.find((c) => c.supersedes === ca.id),
			retiredAt: ca.retiredAt
		};
	}
}
