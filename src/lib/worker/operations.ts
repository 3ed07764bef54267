import { probeAlgorithmSupport, type KeyAlgorithm } from '../pki/algorithms';
import { createIntermediateCa, createRootCa, type NewRootCa } from '../pki/ca';
import { caKeyPem } from '../pki/key-export';
import { exportPkcs8 } from '../pki/keys';
import { x509 } from '../pki/x509';
import { caTrustDomain } from '../pki/spiffe-cert';
import { connectCaConfiguration, connectRootsDocument } from '../export/consul-connect';
import { PkiError } from '../pki/errors';
import { sealPrivateKey, unsealPrivateKey } from '../vault/seal';
import { openBackup, sealBackup } from '../vault/backup-file';
import { resealPrivateKey } from '../vault/reseal';
import { issueBundle } from './issue-bundle';
import { recordIssued } from './record-issued';
import { labOutput } from '../state/lab';
import { labRequest } from './lab-request';
import { handshake, inspect } from './inspect';
import type { OperationContext, OperationHandlers } from './operation-types';
import { caImportOperations } from './ops/ca-import';
import { csrOperations } from './ops/csr';
import { revocationOperations } from './ops/revocation';
import { rotationOperations } from './ops/rotation';
import type { CreatedCa, IssuedBundle, WorkerRequest, WorkerValues } from './protocol';

/**
 * Seals a new CA's key like every CA's, then opens what was just sealed: it proves the seal
 * round-trips and leaves only a non-extractable key in memory; the extractable pair goes out of
 * scope here.
 */
async function sealNew(created: NewRootCa, request: { caId: string; passphrase: string; keyAlgorithm: KeyAlgorithm }, ctx: OperationContext): Promise<CreatedCa> {
	const { certificate, keys } = created;
	// Key generation cannot be interrupted (RSA-4096 takes seconds), but its result can be dropped.
	if (ctx.signal.aborted) throw new PkiError('cancelled', 'Creating the CA was cancelled; nothing was stored.');
	const sealedKey = await sealPrivateKey(keys.privateKey, request.passphrase, request.caId, ctx.deps.crypto, ctx.kdfIterations);
	const started = performance.now();
	const privateKey = await unsealPrivateKey(sealedKey, request.passphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto);
	return {
		certificateDer: new Uint8Array(certificate.rawData),
		notBefore: certificate.notBefore,
		notAfter: certificate.notAfter,
		sealedKey,
		privateKey,
		unlockMs: performance.now() - started,
		trustDomain: caTrustDomain(certificate),
		pathLen: certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength
	};
}

export type { OperationContext };

/**
 * Recorded before the zip is handed over: if storing fails, nothing is downloaded, so the inventory
 * never misses a certificate that exists.
 */
async function issueAndRecord(request: Extract<WorkerRequest, { op: 'issueBundle' }>, ctx: OperationContext): Promise<IssuedBundle> {
	const bundle = await issueBundle(request, ctx);
	if (!request.recordIn) return bundle;
	await recordIssued(bundle.certificates, request.recordIn);
	// A thousand small ArrayBuffers cost the page's message task more than the whole zip does.
	return { ...bundle, certificates: bundle.certificates.map(({ certificateDer: _stored, ...rest }) => rest) };
}

type Handlers = OperationHandlers<WorkerRequest, WorkerValues>;

/**
 * The heavy operations, free of any worker plumbing so Vitest runs them in Node. The worker entry
 * dispatches to these; the page never runs them itself.
 */
export const operations: Handlers = {
	probeAlgorithms: async (_request, ctx) => probeAlgorithmSupport(ctx.deps.crypto),

	createCa: async (request, ctx) => sealNew(await createRootCa({ ...request.options, ...request }, ctx.deps), request, ctx),

	createIntermediateCa: async (request, ctx) => {
		const parent = { certificate: new x509.X509Certificate(request.parent.certificateDer), privateKey: request.parent.privateKey };
		return sealNew(await createIntermediateCa(parent, { ...request.options, ...request }, ctx.deps), request, ctx);
	},

	connectRoots: async (request) => connectRootsDocument(request.rootDer, request.name, request.intermediatesDer),

	connectConfiguration: async (request) =>
		connectCaConfiguration({ rootDer: request.rootDer, privateKeyPem: request.privateKeyPem, leafCertTtlHours: 72, intermediateCertTtlHours: 8760 }),

	exportCaKey: async (request, ctx) => {
		const key = await unsealPrivateKey(request.sealedKey, request.passphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto, true);
		return { pem: caKeyPem(await exportPkcs8(key, ctx.deps.crypto), request.keyAlgorithm) };
	},

	unlockCa: async (request, ctx) => {
		const started = performance.now();
		const privateKey = await unsealPrivateKey(request.sealedKey, request.passphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto);
		return { privateKey, unlockMs: performance.now() - started };
	},

	issueBundle: (request, ctx) => issueAndRecord(request, ctx),

	issueLab: async (request, ctx) => {
		const { folders, zipName } = labRequest(request.lab, request.caName);
		// The format comes from the definition itself, so what is issued always matches its lab.json.
		const output = labOutput(request.lab, request.password);
		return issueAndRecord({ op: 'issueBundle', issuers: request.issuers, profileId: request.lab.system, folders, zipName, output, recordIn: request.recordIn }, ctx);
	},

	inspect: (request, ctx) => inspect(request, ctx.deps),

	handshake: (request, ctx) => handshake(request, ctx.deps),

	resealCa: (request, ctx) =>
		resealPrivateKey(request.sealedKey, request.oldPassphrase, request.newPassphrase, request.caId, request.keyAlgorithm, ctx.deps.crypto, ctx.kdfIterations),

	sealBackup: (request, ctx) => sealBackup(request.stores, request.passphrase, ctx.deps.crypto, ctx.deps.now(), ctx.kdfIterations),

	openBackup: (request, ctx) => openBackup(request.file, request.passphrase, ctx.deps.crypto),

	...csrOperations,
	...caImportOperations,
	...revocationOperations,
	...rotationOperations
};
