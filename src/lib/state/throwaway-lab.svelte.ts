import { downloadBytes } from '../download';
import type { LabDefinition } from '../pki/lab/definition';
import { checkNewPassphrase } from '../vault/passphrase';
import type { CaRecord } from '../vault/schema';
import type { CallOptions } from '../worker/client';
import type { IssuedCertificate, UnlockedCa } from '../worker/protocol';
import { certificateRecords } from '../worker/record-issued';
import { bundleOutcome } from './outcome';
import type { Outcomes } from './outcomes.svelte';
import type { VaultParts } from './vault-parts';

/** How long a throwaway lab CA is valid: long enough for a lab, short enough to be obviously a lab's. */
export const THROWAWAY_CA_DAYS = 365;

interface Throwaway {
	record: CaRecord;
	privateKey: CryptoKey;
	/** A random passphrase that seals the key in memory only, so "keep it" can re-seal it under the person's own. */
	secret: string;
	issued: IssuedCertificate[];
}

/**
 * A quick lab without ceremony: the first lab makes a CA just for it, held in this tab's memory only
 * (no passphrase asked, nothing stored), and the certificates it issues are not recorded. If the person
 * asks to keep it, its key is re-sealed under their passphrase and the CA and what it issued go into
 * the vault like any other CA; otherwise closing the tab forgets it.
 */
export class ThrowawayLab {
	#ca = $state.raw<Throwaway | null>(null);
	readonly #vault: VaultParts;
	readonly #outcomes: Outcomes;

	constructor(vault: VaultParts, outcomes: Outcomes) {
		this.#vault = vault;
		this.#outcomes = outcomes;
	}

	/** The throwaway CA's name and days left, or null before the first lab. */
	get ca(): { id: string; name: string; daysLeft: number } | null {
		const ca = this.#ca;
		if (!ca) return null;
		const daysLeft = Math.floor((ca.record.notAfter.getTime() - this.#vault.records.now().getTime()) / 86_400_000);
		return { id: ca.record.id, name: ca.record.name, daysLeft };
	}

	/** True once the CA is in the vault (then it is an ordinary CA there, and this object lets go of it). */
	kept = $state(false);

	async issue(lab: LabDefinition, password: string, options: CallOptions = {}): Promise<void> {
		const ca = this.#ca ?? (await this.#create(lab, options));
		const issuer: UnlockedCa = {
			role: 'ca',
			id: ca.record.id,
			name: ca.record.name,
			certificateDer: ca.record.certificateDer,
			privateKey: ca.privateKey
		};
		// No recordIn: nothing is written to the vault unless the person keeps this CA.
		const bundle = await this.#vault.pool.lab({ issuers: [issuer], lab, caName: ca.record.name, password }, options);
		downloadBytes(bundle.zipName, bundle.zip);
		ca.issued.push(...bundle.certificates);
		const outcome = bundleOutcome(bundle.zipName, bundle.certificates, 'Lab');
		outcome.details.splice(
			1,
			1,
			`Signed by ${ca.record.name}, a throwaway CA kept only in this tab: keep it in the vault to issue more from it after a reload.`
		);
		this.#outcomes.show(outcome);
	}

	/** Seals the throwaway CA under the person's passphrase and stores it, with the certificates it issued. */
	async keep(passphrase: string, confirmation: string): Promise<CaRecord> {
		checkNewPassphrase(passphrase, confirmation);
		const ca = this.#ca;
		if (!ca) throw new Error('No throwaway lab CA to keep');
		this.#vault.records.ensureWritable();
		const sealedKey = await this.#vault.worker.call({
			op: 'resealCa',
			caId: ca.record.id,
			keyAlgorithm: ca.record.keyAlgorithm,
			sealedKey: ca.record.sealedKey,
			oldPassphrase: ca.secret,
			newPassphrase: passphrase
		});
		const record: CaRecord = { ...ca.record, sealedKey, createdAt: this.#vault.records.now() };
		await this.#vault.records.addCa(record);
		await this.#vault.records.addCertificates(certificateRecords(ca.issued, { issuedAt: this.#vault.records.now() }));
		await this.#vault.records.reload();
		this.#vault.keyring.keep(record.id, ca.privateKey);
		this.#ca = null;
		this.kept = true;
		this.#outcomes.show({
			title: `${record.name} is now in the vault, sealed with your passphrase`,
			details: [`${ca.issued.length} certificates it issued are in the inventory.`],
			serials: [],
			next: 'Back up the vault (Vault, Download backup) so the CA survives this browser.',
			commands: []
		});
		return record;
	}

	async #create(lab: LabDefinition, options: CallOptions): Promise<Throwaway> {
		const bytes = crypto.getRandomValues(new Uint8Array(32));
		const secret = btoa(String.fromCharCode(...bytes));
		const caId = crypto.randomUUID();
		const now = this.#vault.records.now();
		const name = `Lab CA ${now.toISOString().slice(0, 16).replace('T', ' ')}`;
		const created = await this.#vault.worker.call(
			{
				op: 'createCa',
				caId,
				name,
				keyAlgorithm: lab.keyAlgorithm,
				// A day longer than the lab's certificates: a leaf may not outlast its CA (pki/validity.ts),
				// and the CA is made a moment before the leaves.
				days: Math.max(THROWAWAY_CA_DAYS, lab.days + 1),
				passphrase: secret
			},
			options
		);
		const record: CaRecord = {
			id: caId,
			name,
			keyAlgorithm: lab.keyAlgorithm,
			certificateDer: created.certificateDer,
			notBefore: created.notBefore,
			notAfter: created.notAfter,
			createdAt: now,
			sealedKey: created.sealedKey
		};
		const ca = { record, privateKey: created.privateKey, secret, issued: [] };
		this.#ca = ca;
		this.kept = false;
		return ca;
	}
}
