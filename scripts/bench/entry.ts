/**
 * The page side of `npm run bench` (scripts/bench/run.mjs builds this with Vite and drives it with
 * Playwright in Debian's Chromium). It runs the real worker operations in the page, so what is
 * timed is exactly what the app's worker runs: policy, key generation, signing, PEM, zip.
 */
import { unzipSync } from 'fflate';
import { keyGenParams, signingParams, type KeyAlgorithm } from '../../src/lib/pki/algorithms';
import { platformDeps } from '../../src/lib/pki/deps';
import { unlockedIssuer } from '../../src/lib/pki/issue/issuer';
import { encodeLeafTbs } from '../../src/lib/pki/issue/leaf-tbs';
import { leafPreparer } from '../../src/lib/pki/issue/prepare';
import { signTbs } from '../../src/lib/pki/issue/sign';
import { sha1 } from '../../src/lib/pki/der/sha1';
import { subjectPublicKeyBits } from '../../src/lib/pki/der/x509';
import { assembleBundle, type IssuedLeaf } from '../../src/lib/export/bundle';
import { zipBundle } from '../../src/lib/export/zip';
import { kubernetesManifests } from '../../src/lib/export/kubernetes';
import { getBundleProfile } from '../../src/lib/pki/profiles/bundle-profiles';
import { operations, type OperationContext } from '../../src/lib/worker/operations';
import type { FolderRequest, UnlockedCa } from '../../src/lib/worker/protocol';
import { PBKDF2_ITERATIONS, sealPrivateKey, unsealPrivateKey } from '../../src/lib/vault/seal';
import { PkiWorkerClient } from '../../src/lib/worker/client';
import { coresPerWorker, IssuingPool, poolSize } from '../../src/lib/worker/pool';
import { HelperFrames, documentHost } from '../../src/lib/worker/helper-frames';
import PkiWorker from '../../src/lib/worker/pki.worker.ts?worker';
import workerUrl from '../../src/lib/worker/pki.worker.ts?worker&url';
import ThreadsWorker from './threads.worker.ts?worker';
import type { ThreadProbe } from './threads';

interface Pkcs12Module {
	buildPkcs12?: (
		input: {
			privateKeyPkcs8: ArrayBuffer;
			certificateDer: Uint8Array;
			chainDer: Uint8Array[];
			trustedCaDer: Uint8Array[];
			alias: string;
			password: string;
		},
		crypto: Crypto
	) => Promise<Uint8Array>;
}
// Optional: the PKCS#12 exporter is measured when it exists; the glob is empty otherwise.
const pkcs12Modules = import.meta.glob<Pkcs12Module>('../../src/lib/export/pkcs12.ts');

const deps = platformDeps();
const decoder = new TextDecoder();

function context(): OperationContext {
	// The CA's seal is not what is measured here; unlock() measures the real KDF strength.
	return { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
}

async function makeCa(alg: KeyAlgorithm): Promise<UnlockedCa> {
	const created = await operations.createCa(
		{
			caId: `bench-${alg}`,
			name: `Bench ${alg} Root CA`,
			keyAlgorithm: alg,
			days: 3660,
			passphrase: 'bench passphrase'
		},
		context()
	);
	return {
		role: 'ca',
		id: `bench-${alg}`,
		name: `Bench ${alg} Root CA`,
		certificateDer: created.certificateDer,
		privateKey: created.privateKey
	};
}

/** n CockroachDB node folders (ca.crt + node.crt + node.key each), as the lab form requests them. */
function nodeFolders(alg: KeyAlgorithm, n: number): FolderRequest[] {
	return Array.from({ length: n }, (_, i) => ({
		folder: `node${i + 1}`,
		leaves: [
			{
				profileId: 'cockroachdb',
				kindId: 'node',
				input: { hosts: `node${i + 1}.lab.internal, 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
				days: 1830,
				keyAlgorithm: alg
			}
		]
	}));
}

async function issue(ca: UnlockedCa, alg: KeyAlgorithm, n: number) {
	const request = {
		issuers: [ca],
		profileId: 'cockroachdb',
		zipName: 'bench.zip',
		folders: nodeFolders(alg, n),
		output: { format: 'pem' as const }
	};
	const started = performance.now();
	const bundle = await operations.issueBundle(request, context());
	const ms = performance.now() - started;
	return { ms, bundle };
}

/**
 * The floor: one key generation and one issuer signature per certificate, one after another. With
 * `withExport`, also the PKCS#8 export every bundle needs to write the key: the WebCrypto work a
 * leaf cannot do without.
 */
async function floor(ca: UnlockedCa, alg: KeyAlgorithm, n: number, concurrency = 1, withExport = false) {
	const tbs = crypto.getRandomValues(new Uint8Array(420)); // about a leaf TBSCertificate's size
	const one = async () => {
		const keys = (await crypto.subtle.generateKey(keyGenParams(alg), true, ['sign', 'verify'])) as CryptoKeyPair;
		if (withExport) await crypto.subtle.exportKey('pkcs8', keys.privateKey);
		await crypto.subtle.sign(signingParams(alg), ca.privateKey, tbs);
	};
	const started = performance.now();
	for (let i = 0; i < n; i += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, one));
	return (performance.now() - started) / n;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Bulk issuance and the floor, measured in alternating rounds so that a burst of load from other
 * processes hits both alike; each figure is the median over the rounds.
 */
export async function benchAlgorithm(alg: KeyAlgorithm, n: number, floorN: number, rounds = 3) {
	const ca = await makeCa(alg);
	// Warm up: JIT, WebCrypto's thread pool, lazy module state.
	await issue(ca, alg, Math.min(50, n));
	await floor(ca, alg, Math.min(20, floorN));
	const perCert: number[] = [];
	const floors: number[] = [];
	const floorsConcurrent: number[] = [];
	const floorsWithExport: number[] = [];
	let run: Awaited<ReturnType<typeof issue>> | undefined;
	for (let r = 0; r < rounds; r++) {
		run = await issue(ca, alg, n);
		perCert.push(run.ms / n);
		floors.push(await floor(ca, alg, floorN));
		floorsConcurrent.push(await floor(ca, alg, floorN, 8));
		floorsWithExport.push(await floor(ca, alg, floorN, 16, true));
	}
	if (!run) throw new Error('rounds must be at least 1');
	const floorMs = median(floors);
	const floorConcurrentMs = median(floorsConcurrent);
	const files = unzipSync(run.bundle.zip);
	const text = (path: string) => decoder.decode(files[path]);
	return {
		alg,
		n,
		rounds,
		perCertMs: median(perCert),
		perCertRoundsMs: perCert,
		zipBytes: run.bundle.zip.length,
		floorMs,
		floorConcurrentMs,
		floorWithExportMs: median(floorsWithExport),
		// One bundle folder, for openssl to verify in Node.
		sample: { ca: text('node1/ca.crt'), cert: text('node1/node.crt'), key: text('node1/node.key') }
	};
}

/**
 * Where the time of one leaf goes: each step of issueOne run one leaf at a time, summed over n
 * leaves, then PEM, bundle layout and zip of all of them (per leaf). Sequential, so the steps do
 * not overlap as they do in bulk. The Kubernetes Secrets are timed once on their own and again
 * inside the layout, which writes them. Chromium coarsens performance.now() without cross-origin
 * isolation, so single steps are only meaningful as averages over many leaves.
 */
export async function benchBreakdown(alg: KeyAlgorithm, n: number) {
	const ca = await makeCa(alg);
	const signer = unlockedIssuer(ca);
	const facts = signer.facts;
	const steps: Record<string, number> = {};
	const leaves: IssuedLeaf[] = [];
	let t = performance.now();
	const lap = (step: string) => {
		const now = performance.now();
		steps[step] = (steps[step] ?? 0) + now - t;
		t = now;
	};
	// One preparer for the batch, as issueLeaves has (worker/issue-bundle.ts prepareJobs): what is the
	// same for every leaf (validity, profile, a block of serials) is not counted once per leaf.
	const prepare = leafPreparer(facts, deps);
	for (const folder of nodeFolders(alg, n)) {
		t = performance.now();
		const template = prepare(folder.leaves[0]!);
		lap('prepare');
		const keys = (await crypto.subtle.generateKey(keyGenParams(alg), true, ['sign', 'verify'])) as CryptoKeyPair;
		lap('keygen');
		const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
		lap('exportSpki');
		const keyId = sha1(subjectPublicKeyBits(spki));
		lap('sha1KeyId');
		const tbs = encodeLeafTbs(template, { spki, keyId, isRsa: alg.startsWith('RSA') }, signer);
		lap('encodeTbs');
		const certDer = await signTbs(signer, tbs, deps);
		lap('sign');
		const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
		lap('exportPkcs8');
		leaves.push({
			folder: folder.folder,
			kindId: 'node',
			role: 'ca',
			files: template.files,
			commonName: 'node',
			sans: [],
			certificateDer: certDer,
			pkcs8
		});
		lap('collect');
	}
	const cas = [{ role: 'ca', name: ca.name, certificateDer: ca.certificateDer }];
	t = performance.now();
	kubernetesManifests('cockroachdb', cas, leaves);
	lap('kubernetesYaml');
	const files = await assembleBundle(getBundleProfile('cockroachdb'), cas, leaves, { format: 'pem' }, crypto);
	lap('pemAndLayout');
	zipBundle(files, new Date());
	lap('zip');
	return Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v / n]));
}

export async function benchUnlock(runs = 3) {
	const keys = (await crypto.subtle.generateKey(keyGenParams('P-256'), true, ['sign', 'verify'])) as CryptoKeyPair;
	const sealed = await sealPrivateKey(
		keys.privateKey,
		'correct horse battery staple',
		'bench',
		crypto,
		PBKDF2_ITERATIONS
	);
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await unsealPrivateKey(sealed, 'correct horse battery staple', 'bench', 'P-256', crypto);
		times.push(performance.now() - started);
	}
	return { iterations: PBKDF2_ITERATIONS, ms: median(times) };
}

export async function benchPkcs12(runs = 2) {
	const load = pkcs12Modules['../../src/lib/export/pkcs12.ts'];
	const mod = load ? await load() : undefined;
	if (!mod?.buildPkcs12) return null;
	const ca = await makeCa('P-256');
	const { bundle } = await issue(ca, 'P-256', 1);
	const files = unzipSync(bundle.zip);
	const der = (path: string) => pemBody(decoder.decode(files[path]));
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await mod.buildPkcs12(
			{
				privateKeyPkcs8: der('node1/node.key').buffer,
				certificateDer: der('node1/node.crt'),
				chainDer: [],
				trustedCaDer: [der('node1/ca.crt')],
				alias: 'node1',
				password: 'bench-password'
			},
			crypto
		);
		times.push(performance.now() - started);
	}
	return { ms: median(times) };
}

function pemBody(pem: string): Uint8Array<ArrayBuffer> {
	const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
	return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

declare global {
	interface Window {
		bench: {
			benchAlgorithm: typeof benchAlgorithm;
			benchBreakdown: typeof benchBreakdown;
			benchUnlock: typeof benchUnlock;
			benchPkcs12: typeof benchPkcs12;
			poolRun: typeof poolRun;
			machinePoolSize: typeof machinePoolSize;
			twoWorkerPoolSize: typeof twoWorkerPoolSize;
			poolLab: typeof poolLab;
			webCryptoThreads: typeof webCryptoThreads;
		};
	}
}
/**
 * Wall time per certificate of a bulk node bundle through the app's own pool of real workers
 * (worker/pool.ts), a pool of `size` (1, the pool the machine gets, or one big enough to spread the
 * batch over two workers). Each pool is made once and warmed by a first batch, as it is after the
 * app's first use; run.mjs alternates them and reads the CPU time the browser spent on each run.
 * `workers` is how many of the pool's workers the batch was spread over (IssuingPool.workerCount).
 */
const plainWorker = () => new PkiWorker({ name: 'pki' });
const spawnPrimary = () => new PkiWorkerClient(plainWorker);
/** As the app spawns its pool's helpers (worker/spawn.ts): each in a sandboxed frame of its own process. */
const helperFrames = new HelperFrames(documentHost(document), new URL(workerUrl, import.meta.url).href, plainWorker);
/** `?plain-helpers` (BENCH_PLAIN_HELPERS=1): every helper a plain worker of the page's process, to compare. */
const plainHelpers = new URLSearchParams(location.search).has('plain-helpers');
const spawnHelperClient = () => new PkiWorkerClient(plainHelpers ? plainWorker : helperFrames.spawn);
/**
 * The pools of different sizes share their helpers, the k-th helper of each being the same: the
 * page has at most one helper frame (worker/helper-frames.ts), and every pool's first helper
 * should be it, as in the app.
 */
const sharedHelpers: PkiWorkerClient[] = [];
const sharedHelperSpawner = () => {
	let k = 0;
	return () => (sharedHelpers[k++] ??= spawnHelperClient());
};
const pools = new Map<number, IssuingPool>();
const poolCas = new Map<KeyAlgorithm, Promise<UnlockedCa>>();
export async function poolRun(alg: KeyAlgorithm, n: number, size: number, caAlg: KeyAlgorithm = alg) {
	let ca = poolCas.get(caAlg);
	if (!ca) poolCas.set(caAlg, (ca = makeCa(caAlg)));
	let pool = pools.get(size);
	const run = async (count: number) => {
		const started = performance.now();
		const bundle = await pool!.bundle({
			issuers: [await ca],
			profileId: 'cockroachdb',
			folders: nodeFolders(alg, count),
			zipName: 'bench.zip',
			output: { format: 'pem' }
		});
		if (bundle.certificates.length !== count) throw new Error('the pool lost certificates');
		return (performance.now() - started) / count;
	};
	if (!pool) {
		pools.set(size, (pool = new IssuingPool(spawnPrimary(), sharedHelperSpawner(), size)));
		// A first batch as big as the measured one, so every worker's code is optimised as after real
		// use; RSA's time is key generation, which needs no warming.
		await run(alg.startsWith('RSA') ? Math.min(n, 16 * size) : n);
	}
	const msPerCert = await run(n);
	// Helpers that run in a frame of their own process (worker/helper-frame.ts), the rest plain workers.
	const helperFrames = document.querySelectorAll('iframe[data-helper="own-thread"]').length;
	return { msPerCert, workers: pool.workerCount(n, alg, caAlg.startsWith('RSA')), helperFrames };
}

/** The pool size the app picks on this machine (worker/pool.ts poolSize). */
export const machinePoolSize = () => poolSize(navigator.hardwareConcurrency);

/** The smallest pool that spreads a big batch of `alg` keys, signed by a `caAlg` CA, over two workers (worker/pool.ts coresPerWorker). */
export const twoWorkerPoolSize = (alg: KeyAlgorithm, caAlg: KeyAlgorithm = alg) =>
	2 * coresPerWorker(alg, caAlg.startsWith('RSA'));

/** A 1,000-node lab through the pool, for the heap sampler of run.mjs to watch. */
export async function poolLab(nodes: number) {
	const ca = await makeCa('P-256');
	const pool = new IssuingPool(spawnPrimary(), spawnHelperClient, poolSize(navigator.hardwareConcurrency));
	const bundle = await pool.bundle({
		issuers: [ca],
		profileId: 'cockroachdb',
		folders: nodeFolders('P-256', nodes),
		zipName: 'lab.zip',
		output: { format: 'pem' }
	});
	return { certificates: bundle.certificates.length, zipBytes: bundle.zip.byteLength };
}

/** Which thread does each WebCrypto operation's work (threads.ts), asked in a dedicated worker as the app issues. */
export function webCryptoThreads(): Promise<ThreadProbe[]> {
	const worker = new ThreadsWorker();
	return new Promise<ThreadProbe[]>((resolve, reject) => {
		worker.onmessage = ({ data }: MessageEvent<{ probes?: ThreadProbe[]; error?: string }>) =>
			data.probes ? resolve(data.probes) : reject(new Error(data.error ?? 'the probe worker failed'));
		worker.onerror = () => reject(new Error('the probe worker failed to start'));
	}).finally(() => worker.terminate());
}

window.bench = {
	benchAlgorithm,
	webCryptoThreads,
	benchBreakdown,
	benchUnlock,
	benchPkcs12,
	poolRun,
	machinePoolSize,
	twoWorkerPoolSize,
	poolLab
};
