import { createRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { prepareLeaf, type LeafTemplate } from '../pki/issue/prepare';
import { signLeaf, type SigningIssuer } from '../pki/issue/sign';
import { exportPkcs8, generateKeyPair, pkcs8ToPem } from '../pki/keys';
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
		let done = 0;
		const folders: BundleFolder[] = [];
		const certificates: IssuedCertificate[] = [];
		for (const { folder, templates } of planned) {
			const leaves = [];
			for (const template of templates) {
				if (ctx.signal.aborted) throw new PkiError('cancelled', 'Issuing was cancelled; nothing was recorded.');
				const { certPem, keyPem, record } = await issueOne(template, issuer, folder, ctx.deps);
				leaves.push({ certFile: template.certFile, keyFile: template.keyFile, certPem, keyPem });
				certificates.push(record);
				ctx.progress(++done, total);
			}
			folders.push({ folder, leaves });
		}
		const files = layoutBundle(profile, request.ca.name, certificate.toString('pem'), folders);
		const zip = zipBundle(files, ctx.deps.now());
		return { zipName: request.zipName, zip: new Uint8Array(zip), certificates };
	}
};

async function issueOne(template: LeafTemplate, issuer: SigningIssuer, folder: string, deps: PkiDeps) {
	const keys = await generateKeyPair(template.keyAlgorithm, deps.crypto, true);
	const cert = await signLeaf(template, keys.publicKey, issuer, deps);
	const keyPem = pkcs8ToPem(await exportPkcs8(keys.privateKey, deps.crypto));
	const record: IssuedCertificate = {
		serialHex: template.serialHex,
		subject: cert.subject,
		sans: template.sans.map((s) => `${s.type.toUpperCase()}:${s.value}`),
		profileId: template.profileId,
		kindId: template.kindId,
		folder,
		certFile: template.certFile,
		notBefore: template.notBefore,
		notAfter: template.notAfter
	};
	return { certPem: cert.toString('pem'), keyPem, record };
}
