import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { unlockedIssuer, type SignerKey } from '../pki/issue/issuer';
import { leafSubjectText } from '../pki/issue/leaf-tbs';
import { leafPreparer, type LeafRequest, type LeafTemplate } from '../pki/issue/prepare';
import { signLeafSpkiDer } from '../pki/issue/sign';
import { spkiFromPkcs8 } from '../pki/der/spki-from-pkcs8';
import { exportPkcs8, generateKeyPair } from '../pki/keys';
import { sanText } from '../pki/profiles';
import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import { assembleBundle, checkOutput, type BundleOutput, type CheckedOutput, type IssuedLeaf } from '../export/bundle';
import { MODE_PUBLIC, MODE_SCRIPT, zipBundle, type BundleFile } from '../export/zip';
import type { FolderRequest, IssuedBundle, IssuedCertificate, UnlockedCa } from './types';

/** What one form or lab asks to issue: its CAs by role, the profile, the folders of leaves, the zip. */
export interface IssueBundleRequest {
	issuers: UnlockedCa[];
	profileId: string;
	folders: FolderRequest[];
	zipName: string;
	output: BundleOutput;
}

export interface IssueContext {
	deps: PkiDeps;
	signal: AbortSignal;
	progress: (done: number, total: number) => void;
}

/** Leaves in flight at once. Chromium makes RSA keys on a thread of its own, so while one leaf's key
 * is being made this thread signs, exports and encodes the others; EC and Ed25519 keys, signatures and
 * exports run inside the call on this thread (`npm run bench`, scripts/bench/threads.ts), where the
 * window costs nothing. A small window keeps cancellation prompt and memory flat. */
const ISSUE_CONCURRENCY = 16;

interface Job {
	folder: string;
	request: LeafRequest;
	template: LeafTemplate;
	role: string;
	caId: string;
	signer: SignerKey;
}

/**
 * Issues everything one form or lab asked for and zips it: every request passes policy before the
 * first key is made (so a bad host on node 900 fails at once), then keys and certificates are made
 * in small concurrent batches, then the profile's layout turns them into files.
 */
export async function issueBundle(request: IssueBundleRequest, ctx: IssueContext): Promise<IssuedBundle> {
	const { files, certificates } = await issueBundleFiles(request, ctx);
	const zip = zipBundle(files, ctx.deps.now());
	return { zipName: request.zipName, zip, certificates };
}

/** The leaves of some folders, issued but not yet laid out: what one worker of a pool hands back. */
export interface IssuedLeaves {
	leaves: IssuedLeaf[];
	certificates: IssuedCertificate[];
}

/** What issuing leaves needs: the CAs by role, the profile, the folders (no layout, no zip). */
export type IssueLeavesRequest = Pick<IssueBundleRequest, 'issuers' | 'profileId' | 'folders'>;

/** issueBundle without the zip, for callers that put several bundles in one (worker/ops/rotation.ts). */
export async function issueBundleFiles(
	request: IssueBundleRequest,
	ctx: IssueContext
): Promise<{ files: BundleFile[]; certificates: IssuedCertificate[] }> {
	const output = checkOutput(request.output);
	return assembleIssued(request, await issueLeaves(request, ctx), output, ctx);
}

/**
 * Keys and certificates for every leaf of the folders, in folder order: every request passes policy
 * before the first key is made, then they are made in small concurrent batches. A pool of workers
 * (worker/pool.ts) gives each worker a share of the folders; serials are random (pki/serial.ts), so
 * workers need no shared counter to keep them unique.
 */
export async function issueLeaves(request: IssueLeavesRequest, ctx: IssueContext): Promise<IssuedLeaves> {
	const jobs = prepareJobs(request, ctx);
	const leaves: IssuedLeaf[] = new Array(jobs.length);
	const certificates: IssuedCertificate[] = new Array(jobs.length);
	// A sliding window rather than batches: a lane takes the next leaf as soon as its last one is
	// done, so the WebCrypto thread always has an RSA key queued while this one encodes (batches leave it
	// idle at every batch's slowest leaf). Results land at their job's index: folder order holds.
	let next = 0;
	let done = 0;
	let failed = false;
	const lane = async () => {
		while (next < jobs.length && !failed) {
			if (ctx.signal.aborted) throw cancelled();
			const i = next++;
			const { leaf, record } = await issueOne(jobs[i]!, ctx);
			leaves[i] = leaf;
			certificates[i] = record;
			if (++done % ISSUE_CONCURRENCY === 0 || done === jobs.length) ctx.progress(done, jobs.length);
		}
	};
	const lanes = Array.from({ length: Math.min(ISSUE_CONCURRENCY, jobs.length) }, () =>
		lane().catch((error: unknown) => {
			failed = true; // the other lanes stop after the leaf they are on, rather than issue the rest unused
			throw error;
		})
	);
	await Promise.all(lanes);
	if (ctx.signal.aborted) throw cancelled();
	return { leaves, certificates };
}

/**
 * Every leaf through policy (pki/issue/prepare.ts), before any key is made: a refusal names its
 * folder. A pool runs this over the whole batch first (checkLeaves), so one worker never issues its
 * share while another's is refused.
 */
export function prepareJobs(request: IssueLeavesRequest, ctx: Pick<IssueContext, 'deps'>): Job[] {
	const profile = getBundleProfile(request.profileId);
	// The issuers' facts are encoded once for the whole batch (pki/issue/issuer.ts).
	const issuers = new Map(
		request.issuers.map((ca) => {
			const signer = unlockedIssuer(ca);
			return [ca.role, { ca, signer, prepare: leafPreparer(signer.facts, ctx.deps) }];
		})
	);
	const fallback = issuers.get('ca');
	if (!fallback) throw new Error('issueLeaves needs the CA of role "ca"');
	return request.folders.flatMap(({ folder, leaves }) =>
		leaves.map((leaf) => {
			const role = profile.kinds[leaf.kindId]?.issuerRole ?? 'ca';
			const { ca, signer, prepare } = issuers.get(role) ?? fallback;
			return {
				folder,
				request: leaf,
				template: inFolder(folder, () => prepare(leaf)),
				role: issuers.has(role) ? role : 'ca',
				caId: ca.id,
				signer
			};
		})
	);
}

/**
 * The profile's layout of issued leaves, with the folders' own files (a lab's configs and scripts),
 * and the records as the vault keeps them. The leaves may come from several workers, in folder order.
 */
export async function assembleIssued(
	request: IssueBundleRequest,
	issued: IssuedLeaves,
	output: CheckedOutput,
	ctx: Pick<IssueContext, 'deps'>
): Promise<{ files: BundleFile[]; certificates: IssuedCertificate[] }> {
	const profile = getBundleProfile(request.profileId);
	// One CA per role, the last one given winning, as issueLeaves looks them up.
	const byRole = [...new Map(request.issuers.map((ca) => [ca.role, ca])).values()];
	const cas = byRole.map((ca) => ({
		role: ca.role,
		name: ca.name,
		certificateDer: ca.certificateDer,
		chainDer: ca.chainDer,
		alsoTrustedDer: ca.alsoTrustedDer,
		crossSignedDer: ca.crossSignedDer
	}));
	const files = await assembleBundle(profile, cas, issued.leaves, output, ctx.deps.crypto);
	for (const { folder, files: extras } of request.folders) {
		for (const file of extras ?? [])
			files.push({
				path: folder === '' ? file.path : `${folder}/${file.path}`,
				data: file.text,
				mode: file.executable ? MODE_SCRIPT : MODE_PUBLIC
			});
	}
	// What a renewal needs to make the same bundle again (state/rotation.ts renewLeaf), the same for
	// every certificate of the issuance. Object.assign, not a spread followed by more properties, which
	// V8 builds on a slow path (state/ca-view.ts inventoryRows); this runs once per certificate.
	const delivery: Pick<IssuedCertificate, 'deliveredAs' | 'pkcs12Compatibility' | 'issuedWith'> = {};
	if (output.format === 'pkcs12') delivery.deliveredAs = 'pkcs12';
	if (output.format === 'pkcs12' && output.compatibility === 'legacy') delivery.pkcs12Compatibility = 'legacy';
	if (request.issuers.length > 1) delivery.issuedWith = request.issuers.map(({ role, id }) => ({ role, caId: id }));
	const certificates = issued.certificates.map((record) => Object.assign({}, record, delivery));
	return { files, certificates };
}

function cancelled(): PkiError {
	return new PkiError('cancelled', 'Issuing was cancelled; nothing was recorded.');
}

/** Names the folder (node256) in a refusal, so a lab's bad entry can be found among a thousand. */
function inFolder<T>(folder: string, action: () => T): T {
	try {
		return action();
	} catch (error) {
		if (folder !== '' && error instanceof PkiError)
			throw new PkiError(error.code, `${folder}: ${error.message}`, error.field);
		throw error;
	}
}

/**
 * One leaf: a fresh key and its certificate from the DER encoder (no ASN.1 object model, no
 * re-parse); the PKCS#8 export runs while the certificate is being signed.
 */
async function issueOne(
	job: Job,
	{ deps, signal }: IssueContext
): Promise<{ leaf: IssuedLeaf; record: IssuedCertificate }> {
	const { template } = job;
	const keys = await generateKeyPair(template.keyAlgorithm, deps.crypto, true);
	// Checked per leaf, not only per batch: an RSA batch can take many seconds, and the first
	// rejection ends the whole Promise.all at once (the other keys finish unused).
	if (signal.aborted) throw cancelled();
	// One export per key: the SPKI is read out of the PKCS#8 where the key type carries it
	// (der/spki-from-pkcs8.ts); Ed25519's PKCS#8 does not, so its SPKI is exported.
	const pkcs8 = new Uint8Array(await exportPkcs8(keys.privateKey, deps.crypto));
	const spki = spkiFromPkcs8(pkcs8) ?? new Uint8Array(await deps.crypto.subtle.exportKey('spki', keys.publicKey));
	const isRsa = keys.publicKey.algorithm.name.startsWith('RSA');
	const certificateDer = await signLeafSpkiDer(template, spki, isRsa, job.signer, deps);
	const sans = template.sans.map(sanText);
	const commonName = template.subject.find((r) => r.attr === 'CN')?.value ?? '';
	return {
		leaf: {
			folder: job.folder,
			kindId: template.kindId,
			role: job.role,
			files: template.files,
			commonName,
			sans,
			certificateDer,
			pkcs8
		},
		record: {
			caId: job.caId,
			serialHex: template.serialHex,
			subject: leafSubjectText(template),
			sans,
			profileId: template.profileId,
			kindId: template.kindId,
			folder: job.folder,
			certFile: template.files.cert,
			notBefore: template.notBefore,
			notAfter: template.notAfter,
			certificateDer,
			request: job.request
		}
	};
}
