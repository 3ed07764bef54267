import type { KeyAlgorithm } from '../pki/algorithms';
import type { CallOptions, PkiWorkerClient } from './client';
import type { IssueAndRecordRequest, IssueLabRequest } from './operations';
import type { FolderRequest, IssuedBundle } from './types';

/**
 * Bulk issuance spread over several workers, so a laptop's other cores generate keys and sign too.
 * The first worker is the page's own (it plans labs, lays out, zips and records); the others are
 * started on first use and kept. A batch is cut into one contiguous share of folders per worker, so
 * the leaves come back in folder order; progress adds up every worker's count; Cancel, or the first
 * failure, stops them all. The unlocked CA key travels to each worker as the same non-extractable
 * CryptoKey (structured clone, WebCrypto §"Serialization"), never exported.
 *
 * Small batches stay on the one worker: starting a worker and moving the leaves between workers
 * costs more than a few leaves take to issue.
 */
export class IssuingPool {
	readonly #primary: PkiWorkerClient;
	readonly #spawn: (() => PkiWorkerClient) | undefined;
	readonly #helpers: PkiWorkerClient[] = [];
	readonly size: number;

	/** `size` counts the primary worker; without `spawn` the pool is the primary worker alone. */
	constructor(primary: PkiWorkerClient, spawn?: () => PkiWorkerClient, size = 1) {
		this.#primary = primary;
		this.#spawn = spawn;
		this.size = spawn ? Math.max(1, Math.floor(size)) : 1;
	}

	/** Issues, records and zips a bundle: over the pool when it is big enough, else in one call. */
	async bundle(request: IssueAndRecordRequest, options: CallOptions = {}): Promise<IssuedBundle> {
		const leaves = request.folders.flatMap((f) => f.leaves);
		const total = leaves.length;
		const keyAlgorithm = commonestAlgorithm(leaves);
		const workers = this.#workers(this.workerCount(total, keyAlgorithm, signsWithRsa(request.issuers)));
		if (workers.length === 1) return this.#primary.call({ op: 'issueBundle', ...request }, options);
		return this.#spread(request, total, workers, keyAlgorithm.startsWith('RSA'), options);
	}

	/** A quick lab: planned by the primary worker, then issued like a bundle. */
	async lab(request: IssueLabRequest, options: CallOptions = {}): Promise<IssuedBundle> {
		if (this.workerCount(request.lab.nodes, request.lab.keyAlgorithm, signsWithRsa(request.issuers)) === 1)
			return this.#primary.call({ op: 'issueLab', ...request }, options);
		const planned = await this.#primary.call(
			{ op: 'planLab', lab: request.lab, caName: request.caName, password: request.password },
			{ ...(options.signal ? { signal: options.signal } : {}) }
		);
		return this.bundle(
			{ ...planned, issuers: request.issuers, ...(request.recordIn ? { recordIn: request.recordIn } : {}) },
			options
		);
	}

	/**
	 * Starts every helper worker now rather than on the first big batch, so their code is loaded with
	 * the page: nothing is fetched after load, even on a host whose cache headers are strict.
	 */
	warm(): this {
		while (this.#helpers.length < this.size - 1) this.#helpers.push(this.#spawn!());
		return this;
	}

	/**
	 * How many workers a batch of `leaves` keys of type `keyAlgorithm`, signed by an RSA CA or not,
	 * is spread over: no more than the cores allow, given what each worker keeps busy
	 * (coresPerWorker), and none that would get fewer than MIN_LEAVES_PER_WORKER leaves.
	 */
	workerCount(leaves: number, keyAlgorithm: KeyAlgorithm, signedWithRsa = false): number {
		const byCores = Math.floor(this.size / coresPerWorker(keyAlgorithm, signedWithRsa));
		return Math.max(1, Math.min(byCores, Math.floor(leaves / MIN_LEAVES_PER_WORKER)));
	}

	#workers(count: number): PkiWorkerClient[] {
		if (count <= 1) return [this.#primary];
		while (this.#helpers.length < count - 1) this.#helpers.push(this.#spawn!());
		return [this.#primary, ...this.#helpers.slice(0, count - 1)];
	}

	async #spread(
		request: IssueAndRecordRequest,
		total: number,
		workers: PkiWorkerClient[],
		rsaKeys: boolean,
		options: CallOptions
	): Promise<IssuedBundle> {
		const stop = new AbortController();
		const onAbort = () => stop.abort();
		options.signal?.addEventListener('abort', onAbort, { once: true });
		const done = workers.map(() => 0);
		const report = (k: number) => (n: number) => {
			done[k] = n;
			options.onProgress?.(
				done.reduce((a, b) => a + b, 0),
				total
			);
		};
		try {
			// Policy first, over the whole batch: a refusal ends the issuance before any worker makes
			// a key, so no worker has to be stopped (stopping one ends it: worker/client.ts #cancel).
			const { issuers, profileId, folders } = request;
			await this.#primary.call({ op: 'checkLeaves', issuers, profileId, folders }, { signal: stop.signal });
			const shares = splitFolders(request.folders, shareWeights(workers, rsaKeys));
			const parts = await Promise.all(
				shares.map((folders, k) =>
					workers[k]!.call(
						{ op: 'issueLeaves', issuers: request.issuers, profileId: request.profileId, folders },
						{ signal: stop.signal, onProgress: report(k) }
					).catch((error: unknown) => {
						// The first failure (or Cancel) ends the others: their work would be thrown away.
						stop.abort();
						throw error;
					})
				)
			);
			return await this.#primary.call(
				{
					op: 'finishIssue',
					...request,
					issued: {
						leaves: parts.flatMap((p) => p.leaves),
						certificates: parts.flatMap((p) => p.certificates)
					}
				},
				{ signal: stop.signal }
			);
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
			// Aborting a share ends its worker and starts a fresh one (worker/client.ts #cancel), which
			// stops even an RSA key generation that no message could interrupt.
		}
	}
}

/** Below this many leaves per worker, another worker does not pay for its start and the copying. */
export const MIN_LEAVES_PER_WORKER = 32;

/**
 * The cores one worker keeps busy while it issues, as `npm run bench` measures them in Chromium
 * (the browser's CPU time over the wall time). With RSA work in each leaf, about 1.03: new RSA keys
 * are made on the process's WebCrypto thread while the worker waits, and an RSA CA's signatures run
 * on the worker's own thread and outweigh everything else it does, so each core can have a worker of
 * its own (a pool of 2 issued RSA-2048 leaves 1.8 to 1.9 times as fast as one worker, and P-256
 * leaves under an RSA-4096 CA 1.6 to 1.8 times). P-256, P-384 or Ed25519 keys signed by an EC or
 * Ed25519 CA: 1.15 to 1.4. Chromium makes those keys and signatures on the calling thread (the
 * bench's thread probe), so the worker's one thread does the WebCrypto work and the JavaScript, and
 * V8's background threads, mostly the garbage collector, take the rest. On 2 cores that leaves a
 * second worker less than a core, and the copying between workers costs more than it gains: two
 * workers made a 1,000-node P-256 lab 0.58 to 0.79 times as fast, with plain workers as with the
 * helper frame. Those get a worker per 2 cores.
 */
export function coresPerWorker(keyAlgorithm: KeyAlgorithm, signedWithRsa = false): number {
	return keyAlgorithm.startsWith('RSA') || signedWithRsa ? 1 : 2;
}

/** Whether any of the batch's CAs signs with an RSA key (RSASSA-PKCS1-v1_5 or RSA-PSS). */
function signsWithRsa(issuers: readonly { privateKey: CryptoKey }[]): boolean {
	return issuers.some((ca) => ca.privateKey.algorithm.name.startsWith('RSA'));
}

/** The key type most leaves of a batch have: it decides how many cores each worker keeps busy. */
function commonestAlgorithm(leaves: readonly { keyAlgorithm: KeyAlgorithm }[]): KeyAlgorithm {
	const counts = new Map<KeyAlgorithm, number>();
	for (const { keyAlgorithm } of leaves) counts.set(keyAlgorithm, (counts.get(keyAlgorithm) ?? 0) + 1);
	let commonest: KeyAlgorithm = 'P-256';
	for (const [algorithm, count] of counts) if (count > (counts.get(commonest) ?? 0)) commonest = algorithm;
	return commonest;
}

/** The most workers a pool starts, whatever the machine says: memory grows with each one. */
export const MAX_POOL_SIZE = 8;

/** One worker per core the browser reports, at most MAX_POOL_SIZE. */
export function poolSize(hardwareConcurrency: number | undefined): number {
	return Math.max(1, Math.min(MAX_POOL_SIZE, Math.floor(hardwareConcurrency ?? 1)));
}

/**
 * How much of a batch each worker takes. Chromium generates RSA keys on one WebCrypto thread per
 * renderer process, which every worker of the page's process shares, and a helper in a process of
 * its own has one to itself (worker/helper-frame.ts). So for a batch of RSA keys that helper takes as
 * much as all the others together: each process then makes half of the keys, and the page's workers
 * split their half's JavaScript. Everything else an issuance does, key generation of the other types
 * and every signature, runs on the calling worker's own thread, so other batches are shared evenly.
 */
export function shareWeights(workers: readonly Pick<PkiWorkerClient, 'ownProcess'>[], rsaKeys: boolean): number[] {
	return workers.map((worker) => (rsaKeys && worker.ownProcess ? Math.max(1, workers.length - 1) : 1));
}

/**
 * Cuts the folders into contiguous shares with about as many leaves each as its weight says (`parts`
 * equal shares for a number), so the workers finish together and the leaves, joined share after
 * share, keep the folders' order.
 */
export function splitFolders(
	folders: readonly FolderRequest[],
	weights: number | readonly number[]
): FolderRequest[][] {
	const parts = typeof weights === 'number' ? Array.from({ length: weights }, () => 1) : weights;
	const total = folders.reduce((n, f) => n + f.leaves.length, 0);
	const weightTotal = parts.reduce((a, b) => a + b, 0);
	const shares: FolderRequest[][] = [];
	let current: FolderRequest[] = [];
	let leaves = 0;
	let due = 0;
	for (const folder of folders) {
		current.push(folder);
		leaves += folder.leaves.length;
		// Close this share once it holds its part of all the leaves, keeping one share per worker.
		if (shares.length < parts.length - 1 && leaves >= total * ((due + parts[shares.length]!) / weightTotal)) {
			due += parts[shares.length]!;
			shares.push(current);
			current = [];
		}
	}
	shares.push(current);
	return shares.filter((s) => s.length > 0);
}
