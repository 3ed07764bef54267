import { probeAlgorithmSupport, type KeyAlgorithm } from '../pki/algorithms';
import { createIntermediateCa, createRootCa, type CaOptions, type NewRootCa } from '../pki/ca';
import { x509 } from '../pki/x509';
import { connectCaConfiguration, connectRootsDocument } from '../export/consul-connect';
import type { StoreDump } from '../vault/backup-codec';
import { unsealPrivateKey } from '../vault/seal';
import { openBackup, sealBackup } from '../vault/backup-file';
import { resealPrivateKey } from '../vault/reseal';
import { exportSealedCaKey, type SealedCaKey } from './ca-key-export';
import { issueBundle, type IssueBundleRequest } from './issue-bundle';
import { recordBundle, type RecordTarget } from './record-issued';
import { sealNewCa } from './seal-new-ca';
import { labOutput, type LabDefinition } from '../pki/lab/definition';
import { labRequest } from './lab-request';
import { handshake, inspect, type HandshakeRequest, type InspectRequest } from './inspect';
import type { NoFields, OperationContext, OperationGroup } from './operation-types';
import { caImportOperations } from './ops/ca-import';
import { csrOperations } from './ops/csr';
import { kubernetesOperations } from './ops/kubernetes';
import { parallelIssueOperations } from './ops/parallel-issue';
import { ocspOperations } from './ops/ocsp';
import { revocationOperations } from './ops/revocation';
import { rotationOperations } from './ops/rotation';
import type { CreatedCa, IssuedBundle, UnlockedCa } from './types';

export type { OperationContext };

type Der = Uint8Array<ArrayBuffer>;

export interface CreateCaRequest {
	caId: string;
	name: string;
	keyAlgorithm: KeyAlgorithm;
	days: number;
	passphrase: string;
	options?: CaOptions;
}

export interface IssueAndRecordRequest extends IssueBundleRequest {
	/** When set, the worker records the certificates in the vault before answering (record-issued.ts). */
	recordIn?: RecordTarget;
}

/** A quick lab, planned here from its definition: a 1,000-node plan and its configs are too heavy for the page. */
export interface IssueLabRequest {
	issuers: UnlockedCa[];
	lab: LabDefinition;
	caName: string;
	password: string;
	recordIn?: RecordTarget;
}

/** A created CA sealed like every CA (seal-new-ca.ts); its extractable key pair goes out of scope here. */
const sealCreated = (
	{ certificate, keys }: NewRootCa,
	request: { caId: string; passphrase: string; keyAlgorithm: KeyAlgorithm },
	ctx: OperationContext
): Promise<CreatedCa> =>
	sealNewCa(certificate, keys.privateKey, request, ctx, 'Creating the CA was cancelled; nothing was stored.');

/** Recorded before the zip is handed over (record-issued.ts), when the page asked for it. */
async function issueAndRecord(request: IssueAndRecordRequest, ctx: OperationContext): Promise<IssuedBundle> {
	const bundle = await issueBundle(request, ctx);
	return { ...bundle, certificates: await recordBundle(bundle.certificates, request.recordIn) };
}

/** Creating, unlocking and resealing CAs, issuing bundles and labs, inspecting, and vault backups. */
const coreOperations = {
	probeAlgorithms: async (_request: NoFields, ctx) => probeAlgorithmSupport(ctx.deps.crypto),

	createCa: async (request: CreateCaRequest, ctx) =>
		sealCreated(await createRootCa({ ...request.options, ...request }, ctx.deps), request, ctx),

	createIntermediateCa: async (
		request: CreateCaRequest & { parent: { certificateDer: Der; privateKey: CryptoKey } },
		ctx
	) => {
		const parent = {
			certificate: new x509.X509Certificate(request.parent.certificateDer),
			privateKey: request.parent.privateKey
		};
		return sealCreated(await createIntermediateCa(parent, { ...request.options, ...request }, ctx.deps), request, ctx);
	},

	/** Consul Connect documents (export/consul-connect.ts), made here so the page never loads the X.509 code. */
	connectRoots: async (request: { rootDer: Der; name: string; intermediatesDer: Der[] }) =>
		connectRootsDocument(request.rootDer, request.name, request.intermediatesDer),

	connectConfiguration: async (request: { rootDer: Der; privateKeyPem?: string }) =>
		connectCaConfiguration({
			rootDer: request.rootDer,
			privateKeyPem: request.privateKeyPem,
			leafCertTtlHours: 72,
			intermediateCertTtlHours: 8760
		}),

	/**
	 * Opens the sealed key extractable, once, to hand its PEM to a user who confirmed they want it:
	 * SEC1 "EC PRIVATE KEY" for EC keys (what consul tls reads), PKCS#8 otherwise.
	 */
	exportCaKey: async (request: SealedCaKey, ctx): Promise<{ pem: string }> => ({
		pem: (await exportSealedCaKey(request, ctx)).pem
	}),

	unlockCa: async (request: SealedCaKey, ctx): Promise<{ privateKey: CryptoKey; unlockMs: number }> => {
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

	issueBundle: (request: IssueAndRecordRequest, ctx) => issueAndRecord(request, ctx),

	issueLab: async (request: IssueLabRequest, ctx) => {
		const { folders, zipName } = labRequest(request.lab, request.caName);
		// The format comes from the definition itself, so what is issued always matches its lab.json.
		const output = labOutput(request.lab, request.password);
		return issueAndRecord(
			{
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

	inspect: (request: InspectRequest, ctx) => inspect(request, ctx.deps),

	handshake: (request: HandshakeRequest, ctx) => handshake(request, ctx.deps),

	resealCa: (request: Omit<SealedCaKey, 'passphrase'> & { oldPassphrase: string; newPassphrase: string }, ctx) =>
		resealPrivateKey(
			request.sealedKey,
			request.oldPassphrase,
			request.newPassphrase,
			request.caId,
			request.keyAlgorithm,
			ctx.deps.crypto,
			ctx.kdfIterations
		),

	sealBackup: (request: { stores: StoreDump; passphrase: string }, ctx) =>
		sealBackup(request.stores, request.passphrase, ctx.deps.crypto, ctx.deps.now(), ctx.kdfIterations),

	openBackup: (request: { file: Der; passphrase: string }, ctx) =>
		openBackup(request.file, request.passphrase, ctx.deps.crypto)
} satisfies OperationGroup;

/**
 * The heavy operations, free of any worker plumbing so Vitest runs them in Node. The worker entry
 * (serve.ts) dispatches to these; the page never runs them itself. Each group declares its own
 * handlers, so the features never edit one shared list; protocol.ts derives the requests and values.
 */
export const operations = {
	...coreOperations,
	...csrOperations,
	...caImportOperations,
	...revocationOperations,
	...ocspOperations,
	...rotationOperations,
	...parallelIssueOperations,
	...kubernetesOperations
} satisfies OperationGroup;
