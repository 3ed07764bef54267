import {
	leafSecrets,
	pointerFile,
	secretsFile,
	trustPem,
	type KubernetesCa,
	type KubernetesFile,
	type KubernetesLeaf,
	type SecretSpec
} from './manifest';

/** The names the chart's own comments create them under (charts/consul/values.yaml). */
const CA_SECRET = 'consul-ca-cert';
const SERVER_SECRET = 'consul-server-cert';

/**
 * The Consul Helm chart (github.com/hashicorp/consul-k8s, charts/consul/values.yaml): the CA
 * certificate in the Secret `global.tls.caCert.secretName` under key `global.tls.caCert.secretKey`
 * (tls.crt when unset), and the servers' certificate and key under tls.crt and tls.key of
 * `server.serverCert.secretName`, which templates/server-statefulset.yaml mounts. The CA Secret has
 * no key, so it is Opaque; the server Secret is the kubernetes.io/tls shape.
 * `global.tls.caKey` is left unset: the chart needs the CA key only to sign client agents'
 * certificates, which auto-encrypt hands out from the servers instead (values.yaml, caKey).
 */
export function consulManifests(cas: readonly KubernetesCa[], leaves: readonly KubernetesLeaf[]): KubernetesFile[] {
	const servers = leaves.filter((leaf) => leaf.kindId === 'server');
	if (servers.length === 0) return [];
	const { names, secrets: serverSecrets } = leafSecrets(
		SERVER_SECRET,
		servers,
		// A lab's node folder, or the file name consul tls gives each server (dc1-server-consul-1).
		(leaf) => leaf.folder || (leaf.files.cert.split('/').at(-1) ?? '').replace(/\.pem$/, ''),
		cas
	);
	const secrets = [
		{ name: CA_SECRET, type: 'Opaque', data: { 'tls.crt': trustPem(cas) } } satisfies SecretSpec,
		...serverSecrets
	];
	const values = {
		global: {
			tls: {
				enabled: true,
				enableAutoEncrypt: true,
				caCert: { secretName: CA_SECRET, secretKey: 'tls.crt' }
			}
		},
		server: { serverCert: { secretName: names[0] } }
	};
	const comments = [
		'Helm values for the Consul chart: `helm install consul hashicorp/consul -f consul-values.yaml`',
		'after `kubectl apply -f consul-secrets.yaml` (charts/consul/values.yaml: global.tls, server.serverCert).',
		'The chart mounts ONE server Secret into every server pod: its certificate must also name',
		'<fullname>-server, *.<fullname>-server, *.<fullname>-server.<namespace>,',
		'*.<fullname>-server.<namespace>.svc and *.server.<datacenter>.<domain> (values.yaml, server.serverCert);',
		'add them as additional DNS names when you issue it.'
	];
	if (servers.length > 1)
		comments.push(
			`This bundle has ${servers.length} server certificates, one Secret each; serverCert names the first.`
		);
	return [
		secretsFile(
			'consul',
			[
				'Secrets for the Consul Helm chart: the CA certificate (global.tls.caCert) and the server',
				'certificate and key (server.serverCert), charts/consul/values.yaml in github.com/hashicorp/consul-k8s.'
			],
			secrets
		),
		pointerFile('consul-values.yaml', comments, values)
	];
}
