import { dump } from 'js-yaml';
import { pemCertificates } from '../../pki/der/pem';
import { nameSuffix, PRIVATE_KEY_WARNING, secretManifest, yamlFile } from './manifest';

/** ECK's page on transport certificates, where a custom CA is configured. */
export const ECK_TRANSPORT_DOC = 'https://www.elastic.co/docs/deploy-manage/security/k8s-transport-settings';

export interface EckTransportCaInput {
	/** The CA's name, turned into the Secret's name. */
	name: string;
	/** The intermediate's certificate alone: ECK takes exactly one certificate from ca.crt. */
	certificateDer: Uint8Array;
	/** Its key as ECK parses it: SEC1 "EC PRIVATE KEY" or RSA PKCS#8 (pki/key-export.ts caKeyPem). */
	keyPem: string;
}

/**
 * ECK's custom transport CA (ECK_TRANSPORT_DOC, its custom Certificate Authority section): ECK takes no per-node transport
 * certificates from a Secret; it issues one per Pod with the CA in the Secret named by
 * `spec.transport.tls.certificate.secretName`, read from the Elasticsearch resource's namespace.
 * What ECK checks, in github.com/elastic/cloud-on-k8s:
 * - pkg/controller/common/certificates/ca_secret.go ParseCustomCASecret / parseCAFromSecret: the
 *   certificate under ca.crt and the key under ca.key (tls.crt/tls.key are the older names; both
 *   pairs at once is refused), ca.crt holding exactly ONE PEM certificate, so no chain;
 *   ValidateCustomCA: the certificate inside its validity and its public key equal to the key's.
 *   It does not look at basicConstraints or keyUsage, but Elasticsearch's JDK does when it builds
 *   a node's chain: the app's intermediates are CAs with keyCertSign.
 * - pkg/controller/common/certificates/pem.go ParsePEMPrivateKey: "RSA PRIVATE KEY", "EC PRIVATE
 *   KEY", or "PRIVATE KEY" (PKCS#8) only for RSA; encrypted keys are refused, so are Ed25519 keys.
 * - pkg/controller/elasticsearch/certificates/transport/pod_secret.go: each Pod's certificate is
 *   written with the CA after it, and that CA is what the nodes trust for transport. An intermediate
 *   works as that anchor; peers outside the cluster that trust only the root (remote clusters) can
 *   be given it with `spec.transport.tls.certificateAuthorities` (a ConfigMap with ca.crt).
 */
export function eckTransportCaYaml(input: EckTransportCaInput): string {
	const secretName = `${nameSuffix(input.name)}-transport-ca`;
	const secret = secretManifest({
		name: secretName,
		type: 'Opaque',
		data: { 'ca.crt': pemCertificates([input.certificateDer]), 'ca.key': input.keyPem }
	});
	return yamlFile(
		[
			...PRIVATE_KEY_WARNING,
			'',
			`This file holds the private key of the intermediate CA ${JSON.stringify(input.name)}: ECK signs every`,
			"Elasticsearch node's transport certificate with it inside the cluster, so anyone who can read this Secret",
			'can make certificates the nodes accept. Keep the root itself offline.',
			`ECK's transport CA (${ECK_TRANSPORT_DOC}): apply this Secret to the namespace of your`,
			'Elasticsearch resource, then merge the lines below into that resource (it also needs spec.version and',
			'spec.nodeSets) and apply it. ECK then issues and renews the transport certificates itself.',
			'',
			...eckResourceSnippet(secretName)
		],
		[secret]
	);
}

/** The part of the Elasticsearch resource that names the Secret, as YAML to merge (shown as comment lines). */
export function eckResourceSnippet(secretName: string): string[] {
	const resource = {
		apiVersion: 'elasticsearch.k8s.elastic.co/v1',
		kind: 'Elasticsearch',
		spec: { transport: { tls: { certificate: { secretName } } } }
	};
	return dump(resource, { lineWidth: -1 }).trimEnd().split('\n');
}
