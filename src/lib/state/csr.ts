import type { CsrCaChoice } from '../pki/csr/sign-ca';
import type { CsrLeafChoice } from '../pki/csr/sign-leaf';
import type { CsrSummary } from '../pki/csr/describe';
import type { SignedCaImport } from '../pki/csr/import-signed';
import type { CaRecord } from '../vault/schema';
import type { CsrSigned } from '../worker/ops/csr';
import type { VaultParts } from './vault-parts';

type Der = Uint8Array<ArrayBuffer>;

/** Pasted text or an uploaded file as bytes: a file wins when one was chosen (it may be DER). */
export async function inputBytes(file: File | undefined, text: string): Promise<Der> {
	if (file) return new Uint8Array(await file.arrayBuffer());
	return new TextEncoder().encode(text);
}

export type CsrChoice = ({ mode: 'leaf' } & CsrLeafChoice) | ({ mode: 'ca' } & CsrCaChoice);

/**
 * The page side of CSR signing and of taking one of our CAs under an outside root. Crypto runs in
 * the worker (worker/ops/csr.ts), which gets the unlocked CA for one request from the keyring and
 * records what it signed in the vault before answering, so nothing is offered that the inventory
 * does not list.
 */
export class CsrActions {
	readonly #vault: VaultParts;

	constructor(vault: VaultParts) {
		this.#vault = vault;
	}

	describe(csr: Der): Promise<CsrSummary> {
		return this.#vault.worker.call({ op: 'csrDescribe', csr });
	}

	/**
	 * Signs the CSR; the worker records the certificate (origin 'csr': the app never had its key; a
	 * leaf keeps its LeafRequest so it can be renewed) before it answers. If recording fails nothing
	 * is offered, so the inventory never misses a certificate that left the app.
	 */
	async sign(caId: string, csr: Der, choice: CsrChoice): Promise<CsrSigned> {
		const issuer = this.#vault.keyring.lend(caId, 'signing a CSR');
		const recordIn = this.#vault.records.recordTarget({ origin: 'csr' });
		// A CSR may not take the name of any CA kept here (pki/csr/subject-policy.ts).
		const vaultCas = this.#vault.records.cas.map((ca) => ca.certificateDer);
		const signed = await this.#vault.worker.call({ op: 'csrSign', csr, issuer, choice, recordIn, vaultCas });
		this.#vault.records.showRecorded([signed.record], recordIn);
		return signed;
	}

	/** A PEM CSR for the CA, signed with its unlocked key. */
	async caCsr(caId: string): Promise<string> {
		const ca = this.#vault.keyring.lend(caId, 'making its CSR');
		const { pem } = await this.#vault.worker.call({
			op: 'caCsr',
			certificateDer: ca.certificateDer,
			privateKey: ca.privateKey
		});
		return pem;
	}

	/**
	 * Takes the certificate an outside root signed for this CA: the record keeps its id and sealed key
	 * (so everything issued before still verifies: same key), and gets the new certificate, its dates,
	 * its path length and the outside chain; it no longer has a parent in this vault.
	 */
	async importSigned(caId: string, signed: Der, chain: Der): Promise<SignedCaImport> {
		const ca = this.#vault.records.ca(caId);
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
		await this.#vault.records.replaceCa(updated);
		return result;
	}

	/**
	 * The outside root a CA now chains to, named from its stored chain; null for a CA of this vault's
	 * own hierarchy (its card already names its parent).
	 */
	async outsideRoot(caId: string): Promise<string | null> {
		const ca = this.#vault.records.ca(caId);
		if (ca.parentId || !ca.chainDer || ca.chainDer.length === 0) return null;
		const subjects = await this.#vault.worker.call({ op: 'chainSubjects', chainDer: ca.chainDer });
		return subjects[subjects.length - 1] ?? null;
	}
}
