import {
	leafSecrets,
	pointerFile,
	secretsFile,
	trustPem,
	type KubernetesCa,
	type KubernetesFile,
	type KubernetesLeaf
} from './manifest';

const HTTP_SECRET = 'elasticsearch-http-certificate';

/**
 * ECK's custom HTTP certificate (elastic.co/docs/deploy-manage/security/k8s-https-settings, "Setup
 * your own certificate"): a Secret with the certificate under tls.crt, its key under tls.key and,
 * for a certificate from a private CA, the CA under ca.crt, named in
 * `spec.http.tls.certificate.secretName` of the Elasticsearch resource.
 * The transport layer takes no per-node certificates on ECK: ECK issues them itself, from its own
 * CA or from a CA Secret with ca.crt and ca.key named in `spec.transport.tls.certificate.secretName`
 * (elastic.co/docs/deploy-manage/security/k8s-transport-settings; cloud-on-k8s
 * pkg/controller/elasticsearch/certificates/transport/ca.go ReconcileOrRetrieveCA). A bundle never
 * carries a CA key, so the transport certificates of a bundle are not turned into Secrets here; an
 * intermediate of the vault is exported as that CA Secret on its own, after a warning
 * (eck-transport-ca.ts, offered in ui/CaExports.svelte).
 */
export function elasticsearchManifests(
	cas: readonly KubernetesCa[],
	leaves: readonly KubernetesLeaf[]
): KubernetesFile[] {
	const https = leaves.filter((leaf) => leaf.kindId === 'http');
	if (https.length === 0) return [];
	const caText = trustPem(cas);
	const { names, secrets } = leafSecrets(
		HTTP_SECRET,
		https,
		(leaf) => leaf.files.cert.split('/').slice(0, -1).join('-'),
		cas,
		caText
	);
	const resource = {
		apiVersion: 'elasticsearch.k8s.elastic.co/v1',
		kind: 'Elasticsearch',
		metadata: { name: 'elasticsearch' },
		spec: { http: { tls: { certificate: { secretName: names[0] } } } }
	};
	const comments = [
		'The part of an ECK Elasticsearch resource that serves the HTTP certificate of elasticsearch-secrets.yaml',
		'(elastic.co/docs/deploy-manage/security/k8s-https-settings): merge spec.http into your resource',
		'(it also needs spec.version and spec.nodeSets) and `kubectl apply` it after the Secrets.',
		'ECK serves ONE HTTP certificate from every node: it must name the service clients use, such as',
		'<name>-es-http, <name>-es-http.<namespace> and <name>-es-http.<namespace>.svc.',
		'ECK issues the transport certificates itself, from its own CA or from a CA Secret with ca.crt and ca.key',
		'(spec.transport.tls.certificate.secretName, k8s-transport-settings); a bundle never holds a CA key, so none is',
		'written here. To have ECK sign them with an intermediate of the vault, export it from its CA page',
		'("Download ECK transport CA"), which writes that Secret.'
	];
	if (https.length > 1)
		comments.push(`This bundle has ${https.length} HTTP certificates, one Secret each; the resource names the first.`);
	return [
		secretsFile(
			'elasticsearch',
			[
				"Secrets for ECK's custom HTTP certificate: tls.crt, tls.key and ca.crt",
				'(elastic.co/docs/deploy-manage/security/k8s-https-settings).'
			],
			secrets
		),
		pointerFile('elasticsearch-eck.yaml', comments, resource)
	];
}
