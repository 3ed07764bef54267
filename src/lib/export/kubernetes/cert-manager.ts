import { pemCertificates } from '../../pki/der/pem';
import { nameSuffix, PRIVATE_KEY_WARNING, secretManifest, yamlFile } from './manifest';

/** A namespaced Issuer, or a ClusterIssuer whose Secret lives in cert-manager's cluster resource namespace. */
export type IssuerKind = 'Issuer' | 'ClusterIssuer';

/** cert-manager's default --cluster-resource-namespace, where a ClusterIssuer reads its Secret. */
const CLUSTER_RESOURCE_NAMESPACE = 'cert-manager';

export interface CaIssuerInput {
	/** The CA's name, turned into the Issuer and Secret names. */
	name: string;
	kind: IssuerKind;
	certificateDer: Uint8Array;
	/** Its parents, nearest first, ending with the root. */
	chainDer: readonly Uint8Array[];
	/** The CA key as PKCS#8 PEM, which cert-manager's CA issuer reads from tls.key. */
	keyPem: string;
}

/**
 * cert-manager's CA issuer (cert-manager.io/docs/configuration/ca/): a kubernetes.io/tls Secret whose
 * tls.crt is the CA certificate followed by its chain and whose tls.key is its key, and an Issuer or
 * ClusterIssuer naming it in `spec.ca.secretName`. A ClusterIssuer reads its Secret from the cluster
 * resource namespace (cert-manager by default), so that Secret carries the namespace; an Issuer's
 * sits in the namespace it is applied to. The root at the end of tls.crt is what cert-manager puts
 * in ca.crt of the certificates it issues.
 */
export function caIssuerYaml(input: CaIssuerInput): string {
	const base = nameSuffix(input.name);
	const secretName = `${base}-ca`;
	const secret = secretManifest({
		name: secretName,
		type: 'kubernetes.io/tls',
		data: { 'tls.crt': pemCertificates([input.certificateDer, ...input.chainDer]), 'tls.key': input.keyPem }
	});
	if (input.kind === 'ClusterIssuer') secret.metadata = { ...secret.metadata, namespace: CLUSTER_RESOURCE_NAMESPACE };
	const issuer = {
		apiVersion: 'cert-manager.io/v1',
		kind: input.kind,
		metadata: { name: base },
		spec: { ca: { secretName } }
	};
	const where =
		input.kind === 'ClusterIssuer'
			? `The Secret goes to the ${CLUSTER_RESOURCE_NAMESPACE} namespace (cert-manager's --cluster-resource-namespace); change both if yours differs.`
			: 'Apply it to the namespace whose Certificates this Issuer signs: the Issuer and its Secret must share it.';
	return yamlFile(
		[
			...PRIVATE_KEY_WARNING,
			'',
			`A cert-manager CA ${input.kind} for the intermediate CA ${JSON.stringify(input.name)} (cert-manager.io/docs/configuration/ca/).`,
			'Its key is now outside the offline vault: anyone who can read this Secret in the cluster can issue',
			'certificates that everything trusting the root accepts. Keep the root itself offline.',
			where,
			`Certificates name it with issuerRef: { name: ${base}, kind: ${input.kind}, group: cert-manager.io }.`
		],
		[secret, issuer]
	);
}
