import {
	leafSecret,
	leafSecrets,
	pointerFile,
	secretsFile,
	trustPem,
	type KubernetesCa,
	type KubernetesFile,
	type KubernetesLeaf
} from './manifest';

/** The chart's defaults for tls.certs.nodeSecret and tls.certs.clientRootSecret (cockroachdb/values.yaml). */
const NODE_SECRET = 'cockroachdb-node';
const ROOT_SECRET = 'cockroachdb-root';

/**
 * The CockroachDB Helm chart's provided-certificates mode (github.com/cockroachdb/helm-charts,
 * cockroachdb/values.yaml `tls.certs`): with `provided: true` and `tlsSecret: true`, the StatefulSet
 * (cockroachdb/templates/statefulset.yaml) projects the node Secret's ca.crt, tls.crt and tls.key
 * as ca.crt, node.crt and node.key, and the client Secret's as ca.crt, client.root.crt and
 * client.root.key; the init job (templates/job.init.yaml) reads the client Secret the same way.
 * Both are kubernetes.io/tls Secrets, the shape cert-manager writes.
 */
export function cockroachdbManifests(
	cas: readonly KubernetesCa[],
	leaves: readonly KubernetesLeaf[]
): KubernetesFile[] {
	const nodes = leaves.filter((leaf) => leaf.kindId === 'node');
	if (nodes.length === 0) return [];
	const root = leaves.find((leaf) => leaf.kindId === 'client' && leaf.commonName === 'root');
	const caText = trustPem(cas);
	const { names: nodeNames, secrets } = leafSecrets(NODE_SECRET, nodes, (leaf) => leaf.folder, cas, caText);
	if (root) secrets.push(leafSecret(ROOT_SECRET, root, cas, caText));
	const values = {
		tls: {
			enabled: true,
			certs: {
				provided: true,
				tlsSecret: true,
				nodeSecret: nodeNames[0],
				...(root ? { clientRootSecret: ROOT_SECRET } : {})
			}
		}
	};
	return [
		secretsFile(
			'cockroachdb',
			[
				'Secrets for the CockroachDB Helm chart with tls.certs.provided and tls.certs.tlsSecret',
				'(github.com/cockroachdb/helm-charts, cockroachdb/templates/statefulset.yaml mounts ca.crt, tls.crt, tls.key).'
			],
			secrets
		),
		pointerFile('cockroachdb-values.yaml', valuesComments(nodes.length, Boolean(root), cas), values)
	];
}

function valuesComments(nodeCount: number, hasRoot: boolean, cas: readonly KubernetesCa[]): string[] {
	const lines = [
		'Helm values for the CockroachDB chart: `helm install <release> cockroachdb/cockroachdb -f cockroachdb-values.yaml`',
		'after `kubectl apply -f cockroachdb-secrets.yaml` (cockroachdb/values.yaml, tls.certs).',
		'The chart mounts ONE node Secret into every pod, so its certificate must name every pod: the chart',
		'itself asks cert-manager for localhost, 127.0.0.1, <fullname>-public, <fullname>-public.<namespace>,',
		'<fullname>-public.<namespace>.svc.cluster.local, *.<fullname>, *.<fullname>.<namespace> and',
		'*.<fullname>.<namespace>.svc.cluster.local (cockroachdb/templates/certificate.node.yaml).'
	];
	if (nodeCount > 1)
		lines.push(`This bundle has ${nodeCount} node certificates, one Secret each; nodeSecret names the first.`);
	if (!hasRoot)
		lines.push(
			'The chart also needs a client.root certificate in tls.certs.clientRootSecret: issue one (SQL user root)',
			'and it is written here as cockroachdb-root.'
		);
	if (cas.some((ca) => ca.role === 'client'))
		lines.push('The chart has no place for a split client CA (ca-client.crt): it trusts ca.crt only.');
	return lines;
}
