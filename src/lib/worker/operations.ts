import { createRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { prepareLeaf, type LeafTemplate } from '../pki/issue/prepare';
import { leafSubjectText, prepareSigner, signLeafDer, type LeafSigner, type SigningIssuer } from '../pki/issue/sign';
import { pem } from '../pki/der/pem';
import { exportPkcs8, generateKeyPair } from '../pki/keys';
import { probeAlgorithmSupport } from '../pki/algorithms';
import { getProfile } from '../pki/profiles';
import { x509 } from '../pki/x509';
import { layoutBundle, type BundleFolder } from '../export/bundle';
import { zipBundle } from '../export/zip';
import { sealPrivateKey, unsealPrivateKey } from '../vault/seal';
import type { CreatedCa, IssuedBundle, IssuedCertificate, WorkerRequest, WorkerValues } from './protocol';

export interface OperationContext {
	deps: PkiDeps;
	signal: AbortSignal;
	progress: (done: number, total: number) => void;
	/** Lower in tests only, to keep the suite fast; the app always uses the default. */
	kdfIterations?: number;
}

type Handlers = { [K in WorkerRequest['op']]: (request: Extract<WorkerRequest, { op: K }>, ctx: OperationContext) => Promise<WorkerValues[K]> };

/**
 * The heavy operations, free of any worker plumbing so Vitest runs them in Node. The worker entry
 * dispatches to these; the page never runs them itself.
 */
export const operations: Handlers = {
	probeAlgorithms: async (_request, ctx) => probeAlgorithmSupport(ctx.deps.crypto),

	createCa: async (request, ctx): Promise<CreatedCa> => {
		const { certificate, keys } = await createRootCa(request, ctx.deps);
		const sealedKey = await sealPrivateKey(keys.privateKey, request.passphrase, request.caId, ctx.deps.crypto, ctx.kdfIterations);
		// Open what was just sealed: it proves the seal round-trips and leaves only a non-extractable
		// key in memory; the extractable pair goes out of scope here.
		const started = performance.now();
		const privateKey = await unsealPrivateKey(sealedKey, request.passphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto);
		return {
			certificateDer: new Uint8Array(certificate.rawData),
			notBefore: certificate.notBefore,
			notAfter: certificate.notAfter,
			sealedKey,
			privateKey,
			unlockMs: performance.now() - started
		};
	},

	unlockCa: async (request, ctx) => {
		const started = performance.now();
		const privateKey = await unsealPrivateKey(request.sealedKey, request.passphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto);
		return { privateKey, unlockMs: performance.now() - started };
	},

	issueBundle: async (request, ctx): Promise<IssuedBundle> => {
		const profile = getProfile(request.profileId);
		const certificate = new x509.X509Certificate(request.ca.certificateDer);
		const issuer: SigningIssuer = { certificate, privateKey: request.ca.privateKey };
		const facts = { name: request.ca.name, notBefore: certificate.notBefore, notAfter: certificate.notAfter };
		// Every request passes policy before the first key is made, so a bad host on node 900
		// fails at once instead of after minutes of work.
		const planned = request.folders.map((f) => ({
			folder: f.folder,
			templates: f.leaves.map((leaf) => prepareLeaf(leaf, facts, ctx.deps))
		}));
		const total = planned.reduce((n, f) => n + f.templates.length, 0);
		const signer = prepareSigner(issuer);
		const jobs = planned.flatMap(({ folder, templates }) => templates.map((template) => ({ folder, template })));
		const issued: Awaited<ReturnType<typeof issueOne>>[] = [];
		// WebCrypto calls are asynchronous and run off the calling thread, so a few leaves in flight
		// overlap one leaf's key generation with another's signing and export. Small batches keep
		// cancellation prompt and memory flat.
		for (let i = 0; i < jobs.length; i += ISSUE_CONCURRENCY) {
			if (ctx.signal.aborted) throw new PkiError('cancelled', 'Issuing was cancelled; nothing was recorded.');
			const batch = jobs.slice(i, i + ISSUE_CONCURRENCY);
			issued.push(...(await Promise.all(batch.map((job) => issueOne(job.template, signer, job.folder, ctx.deps)))));
			ctx.progress(issued.length, total);
		}
		const certificates = issued.map((leaf) => leaf.record);
		let next = 0;
		const folders: BundleFolder[] = planned.map(({ folder, templates }) => ({
			folder,
			leaves: templates.map((template) => {
				const { certPem, keyPem } = issued[next++]!;
				return { certFile: template.certFile, keyFile: template.keyFile, certPem, keyPem };
			})
		}));
		const files = layoutBundle(profile, request.ca.name, certificate.toString('pem'), folders);
		const zip = zipBundle(files, ctx.deps.now());
		return { zipName: request.zipName, zip: new Uint8Array(zip), certificates };
	}
};

/** Leaves issued at once in a bulk request; see issueBundle. */
const ISSUE_CONCURRENCY = 16;

/**
 * One leaf of a bundle: a fresh key, its certificate from the DER encoder (no ASN.1 object model,
 * no re-parse), both as PEM. The PKCS#8 export runs while the certificate is being signed.
 */
async function issueOne(template: LeafTemplate, signer: LeafSigner, folder: string, deps: PkiDeps) {
	const keys = await generateKeyPair(template.keyAlgorithm, deps.crypto, true);
	const [certDer, pkcs8] = await Promise.all([signLeafDer(template, keys.publicKey, signer, deps), exportPkcs8(keys.privateKey, deps.crypto)]);
	const record: IssuedCertificate = {
		serialHex: template.serialHex,
		subject: leafSubjectText(template),
		sans: template.sans.map((s) => `${s.type.toUpperCase()}:${s.value}`),
		profileId: template.profileId,
		kindId: template.kindId,
		folder,
		certFile: template.certFile,
		notBefore: template.notBefore,
		notAfter: template.notAfter
	};
	return { certPem: pem(certDer, 'CERTIFICATE'), keyPem: pem(new Uint8Array(pkcs8), 'PRIVATE KEY'), record };
}
