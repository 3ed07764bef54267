import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../pki/ca';
import type { KeyAlgorithm } from '../pki/algorithms';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { defaultLab, type LabDefinition } from '../pki/lab/definition';
import { x509 } from '../pki/x509';
import { inProcessWorker } from '../testing/in-process-worker';
import type { PkiWorkerClient } from './client';
import {
	coresPerWorker,
	IssuingPool,
	MAX_POOL_SIZE,
	MIN_LEAVES_PER_WORKER,
	poolSize,
	shareWeights,
	splitFolders
} from './pool';
import type { FolderRequest, UnlockedCa } from './types';

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date() };
let root: NewRootCa;
let issuers: UnlockedCa[];
beforeAll(async () => {
	root = await createRootCa({ name: 'Pool Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
	issuers = [
		{
			role: 'ca',
			id: 'ca1',
			name: 'Pool Root',
			certificateDer: new Uint8Array(root.certificate.rawData),
			privateKey: root.keys.privateKey
		}
	];
});

/** A real client over the real worker dispatch, which shows `seen` each request before sending it. */
function watched(seen: (request: Parameters<PkiWorkerClient['call']>[0]) => void): PkiWorkerClient {
	const client = inProcessWorker();
	const call = client.call.bind(client);
	client.call = ((request, options) => {
		seen(request);
		return call(request, options);
	}) as PkiWorkerClient['call'];
	return client;
}

/** A watched client whose requests are logged as "<name>:<op>". */
const logged = (name: string, log: string[]): PkiWorkerClient =>
	watched((request) => log.push(`${name}:${request.op}`));

function pool(size: number, log: string[]): IssuingPool {
	let spawned = 0;
	return new IssuingPool(logged('primary', log), () => logged(`helper${++spawned}`, log), size);
}

const lab = (nodes: number): LabDefinition => ({
	...defaultLab('cockroachdb', 30),
	nodes,
	hosts: 'node{i}.lab.internal, 10.0.{i}.1'
});

const nodeFolders = (
	n: number,
	hosts = (i: number) => `node${i}.lab`,
	keyAlgorithm = (_i: number): KeyAlgorithm => 'P-256'
): FolderRequest[] =>
	Array.from({ length: n }, (_, k) => ({
		folder: `node${k + 1}`,
		leaves: [
			{
				profileId: 'cockroachdb',
				kindId: 'node',
				input: { hosts: hosts(k + 1) },
				days: 30,
				keyAlgorithm: keyAlgorithm(k + 1)
			}
		]
	}));

describe('splitting a batch', () => {
	test('shares are contiguous, keep folder order, and carry about the same number of leaves', () => {
		const folders = nodeFolders(10);
		const shares = splitFolders(folders, 3);
		expect(shares.flat()).toEqual(folders);
		expect(shares.map((s) => s.length)).toEqual([4, 3, 3]);
		expect(splitFolders(folders, 1)).toEqual([folders]);
		expect(splitFolders(nodeFolders(2), 4).flat()).toEqual(nodeFolders(2));
	});

	test('for RSA keys a helper with a process of its own takes as much as the page process workers together', () => {
		const inPage = { ownProcess: false };
		const ownProcess = { ownProcess: true };
		expect(shareWeights([inPage, ownProcess], true)).toEqual([1, 1]);
		expect(shareWeights([inPage, ownProcess, inPage, inPage], true)).toEqual([1, 3, 1, 1]);
		expect(shareWeights([inPage, inPage, inPage], true)).toEqual([1, 1, 1]);
		// Other keys and every signature are made on each worker's own thread: even shares.
		expect(shareWeights([inPage, ownProcess, inPage, inPage], false)).toEqual([1, 1, 1, 1]);
		const folders = nodeFolders(120);
		const shares = splitFolders(folders, [1, 3, 1, 1]);
		expect(shares.flat()).toEqual(folders);
		expect(shares.map((s) => s.length)).toEqual([20, 60, 20, 20]);
	});

	test('a worker per core for RSA keys or an RSA CA, per 2 cores for the others, each with enough leaves', () => {
		expect(coresPerWorker('RSA-2048')).toBe(1);
		expect(coresPerWorker('RSA-4096')).toBe(1);
		expect(coresPerWorker('P-256')).toBe(2);
		expect(coresPerWorker('Ed25519')).toBe(2);
		expect(coresPerWorker('P-256', true)).toBe(1);
		const two = new IssuingPool(inProcessWorker(), inProcessWorker, 2);
		expect(two.workerCount(1000, 'RSA-2048')).toBe(2);
		expect(two.workerCount(1000, 'P-256')).toBe(1);
		expect(two.workerCount(1000, 'P-256', true)).toBe(2);
		expect(two.workerCount(2 * MIN_LEAVES_PER_WORKER - 1, 'RSA-2048')).toBe(1);
		const eight = new IssuingPool(inProcessWorker(), inProcessWorker, 8);
		expect(eight.workerCount(1000, 'RSA-3072')).toBe(8);
		expect(eight.workerCount(1000, 'P-384')).toBe(4);
		expect(eight.workerCount(3 * MIN_LEAVES_PER_WORKER, 'Ed25519')).toBe(3);
		expect(new IssuingPool(inProcessWorker()).workerCount(1000, 'RSA-2048')).toBe(1);
	});

	test('the pool size follows the cores the browser reports, within bounds', () => {
		expect(poolSize(undefined)).toBe(1);
		expect(poolSize(0)).toBe(1);
		expect(poolSize(2)).toBe(2);
		expect(poolSize(64)).toBe(MAX_POOL_SIZE);
	});
});

test('warm() starts every helper at once, so no worker code is fetched after the page has loaded', () => {
	let spawned = 0;
	const p = new IssuingPool(inProcessWorker(), () => (spawned++, inProcessWorker()), 3);
	expect(spawned).toBe(0);
	expect(p.warm()).toBe(p);
	expect(spawned).toBe(2);
	p.warm();
	expect(spawned).toBe(2);
});

describe('issuing over a pool of real workers', () => {
	test('a small bundle stays on the one worker', async () => {
		const log: string[] = [];
		await pool(2, log).bundle({
			issuers,
			profileId: 'cockroachdb',
			folders: nodeFolders(MIN_LEAVES_PER_WORKER - 1),
			zipName: 'small.zip',
			output: { format: 'pem' }
		});
		expect(log).toEqual(['primary:issueBundle']);
	});

	test('a big lab is planned once, issued by every worker, and comes back in folder order with unique serials', async () => {
		const log: string[] = [];
		const progress: number[] = [];
		// Four cores: P-256 keys get a worker per two (coresPerWorker).
		const bundle = await pool(4, log).lab(
			{ issuers, lab: lab(100), caName: 'Pool Root', password: '' },
			{ onProgress: (done) => progress.push(done) }
		);
		expect(log).toEqual([
			'primary:planLab',
			'primary:checkLeaves',
			'primary:issueLeaves',
			'helper1:issueLeaves',
			'primary:finishIssue'
		]);
		// Every node's certificate, in folder order, and the lab's client certificates.
		const nodes = bundle.certificates.filter((c) => c.kindId === 'node');
		expect(nodes.map((c) => c.folder)).toEqual(Array.from({ length: 100 }, (_, k) => `node${k + 1}`));
		expect(new Set(bundle.certificates.map((c) => c.serialHex)).size).toBe(bundle.certificates.length);
		expect(progress.at(-1)).toBe(bundle.certificates.length);
		expect(progress).toEqual([...progress].sort((a, b) => a - b));
		// The zip is the lab's: node100's certificate names node100 and verifies with the root.
		const files = unzipSync(bundle.zip);
		const cert = new x509.X509Certificate(new TextDecoder().decode(files['node100/node.crt']));
		expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value)).toEqual([
			'node100.lab.internal',
			'10.0.100.1'
		]);
		expect(await cert.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }, crypto)).toBe(true);
		// The same files as one worker writes for the same lab.
		const single = await pool(1, []).lab({ issuers, lab: lab(100), caName: 'Pool Root', password: '' });
		expect(Object.keys(files).sort()).toEqual(Object.keys(unzipSync(single.zip)).sort());
		expect(bundle.certificates.map((c) => [c.folder, c.kindId])).toEqual(
			single.certificates.map((c) => [c.folder, c.kindId])
		);
	});

	test('a batch of P-256 keys is shared evenly, even with a helper in a process of its own', async () => {
		// Each worker's issueLeaves share, in leaves; the first helper says it has a process of its own.
		const shares: number[] = [];
		const counting = (ownProcess: boolean) => {
			const client = watched((request) => {
				if (request.op === 'issueLeaves') shares.push(request.folders.length);
			});
			Object.defineProperty(client, 'ownProcess', { get: () => ownProcess });
			return client;
		};
		let spawned = 0;
		const eight = new IssuingPool(counting(false), () => counting(++spawned === 1), 8);
		const bundle = await eight.bundle({
			issuers,
			profileId: 'cockroachdb',
			folders: nodeFolders(4 * MIN_LEAVES_PER_WORKER),
			zipName: 'even.zip',
			output: { format: 'pem' }
		});
		expect(bundle.certificates).toHaveLength(4 * MIN_LEAVES_PER_WORKER);
		// P-256 keys and signatures are made on each worker's own thread: four equal shares, where a
		// batch of RSA keys would give the helper with a process of its own three of the six parts.
		expect(shares).toEqual([32, 32, 32, 32]);
	});

	test('on two cores, a batch of mostly RSA keys is spread and one of mostly P-256 keys is not', async () => {
		const request = (rsaEvery: number) => ({
			issuers,
			profileId: 'cockroachdb',
			folders: nodeFolders(2 * MIN_LEAVES_PER_WORKER, undefined, (i): KeyAlgorithm =>
				i % rsaEvery === 0 ? 'RSA-2048' : 'P-256'
			),
			zipName: 'mixed.zip',
			output: { format: 'pem' } as const
		});
		const mostlyP256: string[] = [];
		await pool(2, mostlyP256).bundle(request(16));
		expect(mostlyP256).toEqual(['primary:issueBundle']);
		// Stopped at the first progress: by then both workers have their share, and RSA keys are slow to make.
		const mostlyRsa: string[] = [];
		const stop = new AbortController();
		const spread = pool(2, mostlyRsa).bundle(request(1), { signal: stop.signal, onProgress: () => stop.abort() });
		await expect(spread).rejects.toMatchObject({ code: 'cancelled' });
		expect(mostlyRsa).toEqual(['primary:checkLeaves', 'primary:issueLeaves', 'helper1:issueLeaves']);
	});

	test('on two cores, P-256 leaves under an RSA CA are spread: each leaf costs an RSA signature', async () => {
		const rsaRoot = await createRootCa({ name: 'RSA Pool Root', keyAlgorithm: 'RSA-2048', days: 3650 }, deps);
		const log: string[] = [];
		const bundle = await pool(2, log).bundle({
			issuers: [
				{
					role: 'ca',
					id: 'rsa1',
					name: 'RSA Pool Root',
					certificateDer: new Uint8Array(rsaRoot.certificate.rawData),
					privateKey: rsaRoot.keys.privateKey
				}
			],
			profileId: 'cockroachdb',
			folders: nodeFolders(2 * MIN_LEAVES_PER_WORKER),
			zipName: 'rsa-signed.zip',
			output: { format: 'pem' }
		});
		expect(log).toEqual(['primary:checkLeaves', 'primary:issueLeaves', 'helper1:issueLeaves', 'primary:finishIssue']);
		const last = new x509.X509Certificate(unzipSync(bundle.zip)[`node${2 * MIN_LEAVES_PER_WORKER}/node.crt`]!);
		expect(await last.verify({ publicKey: rsaRoot.certificate.publicKey, signatureOnly: true }, crypto)).toBe(true);
	});

	test('one worker refusing a leaf ends the whole issuance with that refusal, naming the folder', async () => {
		const log: string[] = [];
		const folders = nodeFolders(80, (i) => (i === 70 ? 'bad host!' : `node${i}.lab`));
		const issued = pool(4, log).bundle({
			issuers,
			profileId: 'cockroachdb',
			folders,
			zipName: 'bad.zip',
			output: { format: 'pem' }
		});
		await expect(issued).rejects.toThrow(PkiError);
		await expect(issued).rejects.toThrow(/^node70: /);
		// Refused by the whole batch's policy check, before any worker made a key.
		expect(log).toEqual(['primary:checkLeaves']);
	});

	test('Cancel stops every worker, and the pool issues again afterwards', async () => {
		const log: string[] = [];
		const p = pool(4, log);
		const stop = new AbortController();
		const request = {
			issuers,
			profileId: 'cockroachdb',
			folders: nodeFolders(200),
			zipName: 'big.zip',
			output: { format: 'pem' } as const
		};
		const cancelled = p.bundle(request, { signal: stop.signal, onProgress: () => stop.abort() });
		await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
		expect(log).not.toContain('primary:finishIssue');
		const again = await p.bundle(request);
		expect(again.certificates).toHaveLength(200);
	});
});
