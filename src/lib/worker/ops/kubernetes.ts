import { pem } from '../../pki/der/pem';
import { PkiError } from '../../pki/errors';
import { caIssuerYaml, type IssuerKind } from '../../export/kubernetes/cert-manager';
import { eckTransportCaYaml } from '../../export/kubernetes/eck-transport-ca';
import { exportSealedCaKey, type SealedCaKey } from '../ca-key-export';
import type { OperationContext, OperationGroup } from '../operation-types';

type Der = Uint8Array<ArrayBuffer>;

/** An intermediate of the vault whose key goes into a cluster, opened with its passphrase. */
export interface IntermediateKeyRequest extends SealedCaKey {
	name: string;
	certificateDer: Der;
	/** The CA's parents, nearest first, ending with the root; empty for a root. */
	chainDer: Der[];
}

export interface CaIssuerRequest extends IntermediateKeyRequest {
	kind: IssuerKind;
}

/**
 * The CA's key (../ca-key-export.ts), opened after the user typed the passphrase and confirmed. A
 * root is refused: an online issuer under an offline root is the point, and a root's key in a
 * cluster would make the offline root online.
 */
async function intermediateKey(request: IntermediateKeyRequest, ctx: OperationContext, forWhat: string) {
	if (request.chainDer.length === 0)
		throw new PkiError(
			'issuer-root-refused',
			`${request.name} is a root CA: its key stays offline. Create an intermediate under it and export that one for ${forWhat}.`
		);
	return exportSealedCaKey(request, ctx);
}

/** Manifests for Kubernetes that carry a CA key: made here, where the sealed key is opened. */
export const kubernetesOperations = {
	/** A cert-manager CA issuer for an intermediate (export/kubernetes/cert-manager.ts). */
	certManagerIssuer: async (request: CaIssuerRequest, ctx): Promise<{ yaml: string }> => {
		const { pkcs8 } = await intermediateKey(request, ctx, 'cert-manager');
		return {
			yaml: caIssuerYaml({
				name: request.name,
				kind: request.kind,
				certificateDer: request.certificateDer,
				chainDer: request.chainDer,
				keyPem: pem(new Uint8Array(pkcs8), 'PRIVATE KEY', true)
			})
		};
	},

	/**
	 * ECK's transport CA for an intermediate (export/kubernetes/eck-transport-ca.ts). ECK parses a CA
	 * key as RSA (PKCS#1 or PKCS#8) or as SEC1 "EC PRIVATE KEY", nothing else (cloud-on-k8s
	 * pkg/controller/common/certificates/pem.go ParsePEMPrivateKey): an Ed25519 intermediate is refused
	 * before its key is opened, and an EC key is written as SEC1 (caKeyPem).
	 */
	eckTransportCa: async (request: IntermediateKeyRequest, ctx): Promise<{ yaml: string }> => {
		if (request.keyAlgorithm === 'Ed25519')
			throw new PkiError(
				'consumer-key-unsupported',
				`${request.name} has an Ed25519 key, which ECK cannot use as a transport CA (it reads RSA and ECDSA keys). Create an intermediate with an ECDSA or RSA key for ECK.`
			);
		const { pem } = await intermediateKey(request, ctx, "ECK's transport CA");
		return {
			yaml: eckTransportCaYaml({ name: request.name, certificateDer: request.certificateDer, keyPem: pem })
		};
	}
} satisfies OperationGroup;
