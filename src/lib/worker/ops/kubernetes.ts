import type { KeyAlgorithm } from '../../pki/algorithms';
import { pem } from '../../pki/der/pem';
import { PkiError } from '../../pki/errors';
import { exportPkcs8 } from '../../pki/keys';
import { caIssuerYaml, type IssuerKind } from '../../export/kubernetes/cert-manager';
import { unsealPrivateKey, type SealedKey } from '../../vault/seal';
import type { OperationGroup } from '../operation-types';

type Der = Uint8Array<ArrayBuffer>;

export interface CaIssuerRequest {
	caId: string;
	name: string;
	kind: IssuerKind;
	keyAlgorithm: KeyAlgorithm;
	sealedKey: SealedKey;
	passphrase: string;
	certificateDer: Der;
	/** The CA's parents, nearest first, ending with the root; empty for a root. */
	chainDer: Der[];
}

/** Manifests for Kubernetes that carry a CA key: made here, where the sealed key is opened. */
export const kubernetesOperations = {
	/**
	 * A cert-manager CA issuer for an intermediate (export/kubernetes/cert-manager.ts). The sealed key is
	 * opened extractable once, as exportCaKey does, after the user typed the passphrase and confirmed.
	 * A root is refused: an online issuer under an offline root is the point, and a root's key in a
	 * cluster would make the offline root online.
	 */
	certManagerIssuer: async (request: CaIssuerRequest, ctx): Promise<{ yaml: string }> => {
		if (request.chainDer.length === 0)
			throw new PkiError(
				'issuer-root-refused',
				`${request.name} is a root CA: its key stays offline. Create an intermediate under it and export that one for cert-manager.`
			);
		const key = await unsealPrivateKey(
			request.sealedKey,
			request.passphrase,
			request.caId,
			request.keyAlgorithm,
			ctx.deps.crypto,
			true
		);
		const keyPem = pem(new Uint8Array(await exportPkcs8(key, ctx.deps.crypto)), 'PRIVATE KEY', true);
		return {
			yaml: caIssuerYaml({
				name: request.name,
				kind: request.kind,
				certificateDer: request.certificateDer,
				chainDer: request.chainDer,
				keyPem
			})
		};
	}
} satisfies OperationGroup;
