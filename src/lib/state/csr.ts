import type { CsrCaChoice } from '../pki/csr/sign-ca';
import type { CsrLeafChoice } from '../pki/csr/sign-leaf';
import type { CsrSummary } from '../pki/csr/describe';
import type { SignedCaImport } from '../pki/csr/import-signed';
import type { CaRecord, CertificateRecord } from '../vault/schema';
import type { CsrSigned } from '../worker/ops/csr';
import type { UnlockedCa } from '../worker/protocol';
import { rotationTrust } from './rotation-trust';
import type { VaultState } from './vault.svelte';

type Der = Uint8Array<ArrayBuffer>;

/** Pasted text or an uploaded file as bytes: a file wins when one was chosen (it may be DER). */
export async function inputBytes(file: File | undefined, text: string): Promise<Der> {
	if (file) return new Uint8Array(await file.arrayBuffer());
	return new TextEncoder().encode(text);
}

export type CsrChoice = ({ mode: 'leaf' } & CsrLeafChoice) | ({ mode: 'ca' } & CsrCaChoice);

/**
 * The page side of CSR signing and of taking one of our CAs under an outside root. Crypto runs in
 * the worker (worker/ops/csr.ts); this module lends the unlocked key for one request and records
 * what came back, before anything is offered as a file.
 */
export class CsrActions {
	readonly #vault: VaultState;

	constructor(vault: VaultState) {
		this.#vault = vault;
	}

	describe(csr: Der): Promise<CsrSummary> {
		return this.#vault.worker.call({ op: 'csrDescribe', csr });
	}

	#lend(caId: string, action: string): UnlockedCa {
		const ca = this.#vault.caRecord(caId);
		const privateKey = this.#vault.keyOf(caId, action);
		return {
			role: 'ca',
			id: ca.id,
			name: ca.name,
			certificateDer: ca.certificateDer,
			privateKey,
			locations: ca.locations,
			chainDer: ca.chainDer,
			...rotationTrust(ca, this.#vault.cas)
		};
	}

	/**
	 * Signs the CSR and records the certificate in the inventory (origin 'csr': the app never had its
	 * key; a leaf keeps its LeafRequest so it can be renewed). If recording fails nothing is offered,
	 * so the inventory never misses a certificate that left the app.
	 */
	async sign(caId: string, csr: Der, choice: CsrChoice): Promise<CsrSigned> {
		const signed = await this.#vault.worker.call({
			op: 'csrSign',
			csr,
			issuer: this.#lend(caId, 'signing a CSR'),
			choice
		});
		const record: CertificateRecord = {
			...signed.record,
			id: `${signed.record.caId}:${signed.record.serialHex}`,
			issuedAt: this.#vault.now(),
			origin: 'csr'
		};
		await this.#vault.addCertificateRecords([record]);
		return signed;
	}

	/** A PEM CSR for the CA, signed with its unlocked key. */
	async caCsr(caId: string): Promise<string> {
		const ca = this.#vault.caRecord(caId);
		const { pem } = await this.#vault.worker.call({
			op: 'caCsr',
			certificateDer: ca.certificateDer,
			privateKey: this.#vault.keyOf(caId, 'making its CSR')
		});
		return pem;
	}

	/**
	 * Takes the certificate an outside root signed for this CA: the record keeps its id and sealed key
	 * (so everything issued before still verifies: same key), and gets the new certificate, its dates,
	 * its path length and the outside chain; it no longer has a parent in this vault.
	 */
	async importSigned(caId: string, signed: Der, chain: Der): Promise<SignedCaImport> {
		const ca = this.#vault.caRecord(caId);
		const result = await this.#vault.worker.call({
			op: 'caImportSigned',
			currentDer: ca.certificateDer,
			signed,
			chain
		});
		const updated: CaRecord = {
			...ca,
			certificateDer: result.certificateDer,
			chainDer: result.chainDer,
			notBefore: result.notBefore,
			notAfter: result.notAfter,
			pathLen: result.pathLen
		};
		delete updated.parentId;
		if (result.pathLen === undefined) delete updated.pathLen;
		await this.#vault.replaceCaRecord(updated);
		return result;
	}

	/**
	 * The outside root a CA now chains to, named from its stored chain; null for a CA of this vault's
	 * own hierarchy (its card already names its parent).
	 */
	async outsideRoot(caId: string): Promise<string | null> {
		const ca = this.#vault.caRecord(caId);
		if (ca.parentId || !ca.chainDer || ca.chainDer.length === 0) return null;
		const subjects = await this.#vault.worker.call({ op: 'chainSubjects', chainDer: ca.chainDer });
		return subjects[subjects.length - 1] ?? null;
	}
}
