import { zipBundle, type BundleFile } from '../../export/zip';
import { pemCertificates } from '../../pki/der/pem';
import { issuerChain } from '../../pki/issue/chain';
import { unlockedIssuer } from '../../pki/issue/issuer';
import { encodeLeafTbs, leafKeyFacts, leafSubjectText } from '../../pki/issue/leaf-tbs';
import { prepareLeaf, type LeafRequest } from '../../pki/issue/prepare';
import { signTbs } from '../../pki/issue/sign';
import { sanText } from '../../pki/profiles';
import { crossSignRoot, renewCaSameKey, type CaKeyPair } from '../../pki/rotation';
import { x509 } from '../../pki/x509';
import { issueBundleFiles } from '../issue-bundle';
import type { OperationGroup } from '../operation-types';
import { recordBundle, recordIssued, type RecordTarget } from '../record-issued';
import type { FolderRequest, IssuedBundle, IssuedCertificate, UnlockedCa } from '../types';

type Der = Uint8Array<ArrayBuffer>;

export interface RenewedCa {
	certificateDer: Der;
	notBefore: Date;
	notAfter: Date;
}

function renewedCa(der: Der): RenewedCa {
	const certificate = new x509.X509Certificate(der);
	return { certificateDer: der, notBefore: certificate.notBefore, notAfter: certificate.notAfter };
}

/** Renewal of certificates and CAs, root rotation with and without cross-signing, and recovery from an expired CA. */
export const rotationOperations = {
	/** A new certificate for a CA's own key (root: self-signed; intermediate: by its unlocked parent). */
	renewCaSameKey: async (request: { ca: CaKeyPair; parent?: CaKeyPair; days: number }, { deps }): Promise<RenewedCa> =>
		renewedCa(await renewCaSameKey(request.ca, request.parent, request.days, deps)),

	/** The new root's certificate signed by the old root's key (Consul-style rotation). */
	crossSignRoot: (request: { newRootDer: Der; oldRoot: CaKeyPair }, { deps }): Promise<Der> =>
		crossSignRoot(request.newRootDer, request.oldRoot, deps),

	/**
	 * A leaf renewed for the public key of its old certificate (it was signed from a CSR: the app
	 * never had the key). The same policy as any leaf (prepareLeaf: names, profile, validity inside
	 * the CA), encoded with the old certificate's SubjectPublicKeyInfo as it stands (encodeLeafTbs),
	 * so whoever holds the private key installs the new certificate without making a new CSR.
	 */
	renewLeafSameKey: async (
		{
			issuer,
			request,
			oldCertificateDer,
			folder,
			certFile,
			recordIn
		}: {
			issuer: UnlockedCa;
			request: LeafRequest;
			oldCertificateDer: Der;
			/** Filed where the old one was; by default at the top level under the profile's file name. */
			folder?: string;
			certFile?: string;
			/** When set, the certificate is recorded in the vault before the answer (record-issued.ts). */
			recordIn?: RecordTarget;
		},
		{ deps }
	): Promise<{ certificate: IssuedCertificate; pem: string }> => {
		const signer = unlockedIssuer(issuer);
		const template = prepareLeaf(request, signer.facts, deps);
		const old = new x509.X509Certificate(oldCertificateDer);
		const key = leafKeyFacts(new Uint8Array(old.publicKey.rawData), old.publicKey.algorithm.name.startsWith('RSA'));
		const der = await signTbs(signer, encodeLeafTbs(template, key, signer), deps);
		const chain = issuerChain(issuer).presented;
		const renewed: IssuedCertificate = {
			caId: issuer.id,
			serialHex: template.serialHex,
			subject: leafSubjectText(template),
			sans: template.sans.map(sanText),
			profileId: template.profileId,
			kindId: template.kindId,
			folder: folder ?? '',
			certFile: certFile ?? template.files.cert,
			notBefore: template.notBefore,
			notAfter: template.notAfter,
			certificateDer: der,
			request
		};
		if (recordIn) await recordIssued([renewed], recordIn);
		return { pem: pemCertificates([der, ...chain]), certificate: renewed };
	},

	/** Leaves of several profiles re-issued under one CA, in one zip (a folder per profile when there are several). */
	reissueLeaves: async (
		{
			issuer,
			groups,
			zipName,
			recordIn
		}: {
			issuer: UnlockedCa;
			groups: { profileId: string; folders: FolderRequest[] }[];
			zipName: string;
			/** When set, the certificates are recorded in the vault before the answer (record-issued.ts). */
			recordIn?: RecordTarget;
		},
		ctx
	): Promise<IssuedBundle> => {
		// The page says plainly when nothing can be re-issued and never asks for an empty zip.
		if (groups.length === 0) throw new Error('reissueLeaves needs at least one group');
		const files: BundleFile[] = [];
		const certificates: IssuedCertificate[] = [];
		const total = groups.reduce((n, g) => n + g.folders.reduce((m, f) => m + f.leaves.length, 0), 0);
		for (const group of groups) {
			const done = certificates.length;
			const issued = await issueBundleFiles(
				{
					issuers: [{ ...issuer, role: 'ca' }],
					profileId: group.profileId,
					folders: group.folders,
					zipName,
					output: { format: 'pem' }
				},
				{ ...ctx, progress: (n) => ctx.progress(done + n, total) }
			);
			// One profile's layout may not fit another's (two README.txt, two ca.crt), so each gets its own folder.
			const prefix = groups.length > 1 ? `${group.profileId}/` : '';
			files.push(...issued.files.map((f) => ({ ...f, path: prefix + f.path })));
			certificates.push(...issued.certificates);
		}
		const zip = zipBundle(files, ctx.deps.now());
		return { zipName, zip, certificates: await recordBundle(certificates, recordIn) };
	}
} satisfies OperationGroup;
