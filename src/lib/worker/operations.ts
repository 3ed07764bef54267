import { probeAlgorithmSupport, type KeyAlgorithm } from '../pki/algorithms';
import { createIntermediateCa, createRootCa, type NewRootCa } from '../pki/ca';
import { caKeyPem } from '../pki/key-export';
import { exportPkcs8 } from '../pki/keys';
import { x509 } from '../pki/x509';
import { connectCaConfiguration, connectRootsDocument } from '../export/consul-connect';
import { unsealPrivateKey } from '../vault/seal';
import { openBackup, sealBackup } from '../vault/backup-file';
import { resealPrivateKey } from '../vault/reseal';
import { issueBundle } from './issue-bundle';
import { recordBundle } from './record-issued';
import { sealNewCa } from './seal-new-ca';
import { labOutput } from '../pki/lab/definition';
import { labRequest } from './lab-request';
import { handshake, inspect } from './inspect';
import type { OperationContext, OperationHandlers } from './operation-types';
import { caImportOperations } from './ops/ca-import';
import { csrOperations } from './ops/csr';
import { revocationOperations } from './ops/revocation';
import { rotationOperations } from './ops/rotation';
import type { CreatedCa, IssuedBundle, WorkerRequest, WorkerValues } from './protocol';

/** A created CA sealed like every CA (seal-new-ca.ts); its extractable key pair goes out of scope here. */
const sealCreated = (
	{ certificate, keys }: NewRootCa,
	request: { caId: string; passphrase: string; keyAlgorithm: KeyAlgorithm },
	ctx: OperationContext
): Promise<CreatedCa> =>
	sealNewCa(certificate, keys.privateKey, request, ctx, 'Creating the CA was cancelled; nothing was stored.');

export type { OperationContext };

/** Recorded before the zip is handed over (record-issued.ts), when the page asked for it. */
async function issueAndRecord(
	request: Extract<WorkerRequest, { op: 'issueBundle' }>,
	ctx: OperationContext
): Promise<IssuedBundle> {
	const bundle = await issueBundle(request, ctx);
	return { ...bundle, certificates: await recordBundle(bundle.certificates, request.recordIn) };
}

type Handlers = OperationHandlers<WorkerRequest, WorkerValues>;

/**
 * The heavy operations, free of any worker plumbing so Vitest runs them in Node. The worker entry
 * dispatches to these; the page never runs them itself.
 */
export const operations: Handlers = {
	probeAlgorithms: async (_request, ctx) => probeAlgorithmSupport(ctx.deps.crypto),

	createCa: async (request, ctx) =>
		sealCreated(await createRootCa({ ...request.options, ...request }, ctx.deps), request, ctx),

	createIntermediateCa: async (request, ctx) => {
		const parent = {
			certificate: new x509.X509Certificate(request.parent.certificateDer),
			privateKey: request.parent.privateKey
		};
		return sealCreated(await createIntermediateCa(parent, { ...request.options, ...request }, ctx.deps), request, ctx);
	},

	connectRoots: async (request) => connectRootsDocument(request.rootDer, request.name, request.intermediatesDer),

	connectConfiguration: async (request) =>
		connectCaConfiguration({
			rootDer: request.rootDer,
			privateKeyPem: request.privateKeyPem,
			leafCertTtlHours: 72,
			intermediateCertTtlHours: 8760
		}),

	exportCaKey: async (request, ctx) => {
		const key = await unsealPrivateKey(
			request.sealedKey,
			request.passphrase,
			request.caId,
			request.keyAlgorithm,
			ctx.deps.crypto,
			true
		);
		return { pem: caKeyPem(await exportPkcs8(key, ctx.deps.crypto), request.keyAlgorithm) };
	},

	unlockCa: async (request, ctx) => {
		const started = performance.now();
		const privateKey = await unsealPrivateKey(
			request.sealedKey,
			request.passphrase,
			request.caId,
			request.keyAlgorithm,
			ctx.deps.crypto
		);
		return { privateKey, unlockMs: performance.now() - started };
	},

	issueBundle: (request, ctx) => issueAndRecord(request, ctx),

	issueLab: async (request, ctx) => {
		const { folders, zipName } = labRequest(request.lab, request.caName);
		// The format comes from the definition itself, so what is issued always matches its lab.json.
		const output = labOutput(request.lab, request.password);
		return issueAndRecord(
			{
				op: 'issueBundle',
				issuers: request.issuers,
				profileId: request.lab.system,
				folders,
				zipName,
				output,
				recordIn: request.recordIn
			},
			ctx
		);
	},

	inspect: (request, ctx) => inspect(request, ctx.deps),

	handshake: (request, ctx) => handshake(request, ctx.deps),

	resealCa: (request, ctx) =>
		resealPrivateKey(
			request.sealedKey,
			request.oldPassphrase,
			request.newPassphrase,
			request.caId,
			request.keyAlgorithm,
			ctx.deps.crypto,
			ctx.kdfIterations
		),

	sealBackup: (request, ctx) =>
		sealBackup(request.stores, request.passphrase, ctx.deps.crypto, ctx.deps.now(), ctx.kdfIterations),

	openBackup: (request, ctx) => openBackup(request.file, request.passphrase, ctx.deps.crypto),

	...csrOperations,
	...caImportOperations,
	...revocationOperations,
	...rotationOperations
};
