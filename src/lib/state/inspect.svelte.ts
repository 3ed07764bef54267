import { splitList } from '../pki/names';
import { PkiError } from '../pki/errors';
import { checkCause, recogniseError, type CauseVerdict, type PastedError } from '../pki/explain/diagnose';
import type { CauseCheck } from '../pki/explain/catalogue';
import type { Fault, HandshakeReport } from '../pki/handshake';
import type { InputFile } from '../pki/parse';
import type { PkiWorkerClient } from '../worker/client';
import type { InspectReport, InspectRequest } from '../worker/inspect';

/**
 * The inspector page's model: what was dropped, the password a PKCS#12 asked for, the lint target and
 * hosts, pasted file modes and error messages, and the worker's report. Every verdict about a file
 * comes from the worker; the error catalogue only reads the report.
 */
export class InspectState {
	files = $state.raw<InputFile[]>([]);
	password = $state<string | undefined>(undefined);
	/** Set when the user agreed to a key derivation of more than a million rounds (pki/pbe/kdf-budget.ts). */
	allowSlowKdf = $state(false);
	target = $state('cockroachdb');
	hostsText = $state('');
	modesText = $state('');
	errorText = $state('');
	report = $state.raw<InspectReport | null>(null);
	busy = $state(false);
	error = $state<string | null>(null);
	handshake = $state.raw<HandshakeReport | null>(null);
	handshakeBusy = $state(false);
	handshakeError = $state<string | null>(null);
	vaultCas = $state.raw<InspectRequest['vaultCas']>([]);
	readonly #worker: PkiWorkerClient;
	#run = 0;
	#explainRun = 0;

	constructor(worker: PkiWorkerClient) {
		this.#worker = worker;
	}

	hosts = $derived(splitList(this.hostsText));

	/** The labels of files that wait for a password (PKCS#12 or encrypted keys), from the parse core's problems. */
	passwordNeeded = $derived(
		(this.report?.problems ?? []).filter(
			(p) => p.error.code === 'password-required' || p.error.code === 'password-wrong'
		)
	);

	/** The pasted error message, recognised against the catalogue. */
	pastedError = $derived<PastedError | null>(this.errorText.trim() ? recogniseError(this.errorText) : null);

	/** Each cause of a recognised message, tested on the dropped files (unknown without a drop). */
	causeVerdict(check: CauseCheck | undefined): CauseVerdict | undefined {
		const r = this.report;
		if (!check || !r) return undefined;
		return checkCause(check, {
			certificates: r.items.filter((i) => i.view.kind === 'certificate').length,
			keys: r.items.filter((i) => i.view.kind === 'private-key').length,
			lint: r.lint,
			chains: r.chains,
			findings: r.findings,
			keyModes: r.keyModes,
			graph: r.graph
		});
	}

	async add(files: InputFile[]): Promise<void> {
		this.files = [...this.files, ...files];
		this.handshake = null;
		await this.inspect();
	}

	async clear(): Promise<void> {
		this.files = [];
		this.password = undefined;
		this.allowSlowKdf = false;
		this.report = null;
		this.handshake = null;
	}

	/** Reads again, this time running the slow key derivation a file asks for, after the user agreed. */
	async readSlowFiles(): Promise<void> {
		this.allowSlowKdf = true;
		await this.inspect();
	}

	async usePassword(password: string): Promise<void> {
		this.password = password;
		await this.inspect();
	}

	/** Runs the whole inspection again; a later run wins over an earlier one still in flight. */
	async inspect(): Promise<void> {
		if (this.files.length === 0) return;
		const run = ++this.#run;
		this.busy = true;
		this.error = null;
		try {
			const report = await this.#worker.call({
				op: 'inspect',
				files: this.files,
				target: this.target,
				hosts: this.hosts,
				vaultCas: this.vaultCas,
				...(this.modesText.trim() ? { modesText: this.modesText } : {}),
				...(this.password !== undefined ? { password: this.password } : {}),
				...(this.allowSlowKdf ? { allowSlowKdf: true } : {})
			});
			if (run === this.#run) this.report = report;
		} catch (error) {
			if (run === this.#run) this.error = error instanceof PkiError ? error.message : String(error);
		} finally {
			if (run === this.#run) this.busy = false;
		}
	}

	async explainLab(fault: Fault, host: string, user: string): Promise<void> {
		await this.#explain({ op: 'handshake', host, fault, source: { kind: 'lab', user } });
	}

	async explainFiles(fault: Fault, server: number, client: number, host: string, expectedUser: string): Promise<void> {
		await this.#explain({
			op: 'handshake',
			host,
			fault,
			source: {
				kind: 'files',
				files: this.files,
				vaultCas: this.vaultCas,
				server,
				client,
				...(expectedUser ? { expectedUser } : {}),
				...(this.password !== undefined ? { password: this.password } : {})
			}
		});
	}

	/** A later explanation wins over an earlier one still in flight (each change of a choice asks again). */
	async #explain(request: Parameters<PkiWorkerClient['call']>[0] & { op: 'handshake' }): Promise<void> {
		const run = ++this.#explainRun;
		this.handshakeBusy = true;
		this.handshakeError = null;
		try {
			const report = await this.#worker.call(request);
			if (run === this.#explainRun) this.handshake = report;
		} catch (error) {
			if (run !== this.#explainRun) return;
			this.handshake = null;
			this.handshakeError = error instanceof PkiError ? error.message : String(error);
		} finally {
			if (run === this.#explainRun) this.handshakeBusy = false;
		}
	}
}
