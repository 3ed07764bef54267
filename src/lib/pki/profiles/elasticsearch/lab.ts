import { parseHost } from '../../names';
import { bindAddress, hostPort, nodeAddress, perPlan, portOf, scriptHeader } from '../lab-common';
import type { LabNode, LabPlan, LabWriter } from '../profile';

/** Elasticsearch's defaults: HTTP 9200, transport 9300 (Networking settings, http.port and transport.port). */
const HTTP_PORT = 9200;
const TRANSPORT_PORT = 9300;

const isIp = (host: string): boolean => {
	try {
		return parseHost(host).type === 'ip';
	} catch {
		return false;
	}
};

type Ports = (node: LabNode) => { http: string; transport: string };

/**
 * The Elasticsearch keystore (secure settings) entries a PKCS#12 lab needs: Elastic's security
 * settings reference lists keystore.secure_password and truststore.secure_password as secure
 * settings of each SSL context (libs/ssl-config SslConfigurationKeys), so the password never goes into
 * elasticsearch.yml or onto a command line.
 */
export const ELASTICSEARCH_P12_SECRETS = ['transport', 'http'].flatMap((layer) =>
	['keystore', 'truststore'].map((store) => `xpack.security.${layer}.ssl.${store}.secure_password`)
);

/**
 * Where each layer finds its key and trust. PEM: the key, certificate and ca/ca.crt. PKCS#12: one
 * .p12 per layer as both keystore and truststore, as elasticsearch-certutil's files are used (it
 * holds the node's key and chain and the CA as trusted entry "ca"); the HTTP layer gets a
 * truststore too, as the PEM lab gives it certificate_authorities.
 */
function tlsFiles(node: LabNode, output: LabPlan['output']): [string, string][] {
	const base = `certs/${node.name}`;
	if (output === 'pkcs12') {
		return [
			['xpack.security.transport.ssl.keystore.path', `${base}/${node.name}.p12`],
			['xpack.security.transport.ssl.truststore.path', `${base}/${node.name}.p12`],
			['xpack.security.http.ssl.enabled', 'true'],
			['xpack.security.http.ssl.keystore.path', `${base}/http.p12`],
			['xpack.security.http.ssl.truststore.path', `${base}/http.p12`]
		];
	}
	return [
		['xpack.security.transport.ssl.key', `${base}/${node.name}.key`],
		['xpack.security.transport.ssl.certificate', `${base}/${node.name}.crt`],
		['xpack.security.transport.ssl.certificate_authorities', 'certs/ca/ca.crt'],
		['xpack.security.http.ssl.enabled', 'true'],
		['xpack.security.http.ssl.key', `${base}/http.key`],
		['xpack.security.http.ssl.certificate', `${base}/http.crt`],
		['xpack.security.http.ssl.certificate_authorities', 'certs/ca/ca.crt']
	];
}

/**
 * A node's settings (elasticsearch.yml keys, also usable as -E key=value). TLS paths are relative to
 * the config directory, where Elasticsearch requires its key material to be (Security settings,
 * "PEM encoded files" and "Java keystore files"); the zip is unzipped into config/certs.
 */
function settings(node: LabNode, plan: LabPlan, ports: Ports): [string, string][] {
	const { http, transport } = ports(node);
	return [
		['cluster.name', 'lab'],
		['node.name', node.name],
		['network.host', bindAddress(node, plan)],
		['http.port', http],
		['transport.port', transport],
		[
			'discovery.seed_hosts',
			perPlan(plan, ports, () => plan.nodes.map((n) => hostPort(nodeAddress(n), ports(n).transport)).join(','))
		],
		['cluster.initial_master_nodes', perPlan(plan, 'es-master-nodes', () => plan.nodes.map((n) => n.name).join(','))],
		['xpack.security.enabled', 'true'],
		// Transport mutual TLS with full verification: each node checks the other's SANs
		// (Security settings, xpack.security.transport.ssl.verification_mode).
		['xpack.security.transport.ssl.enabled', 'true'],
		['xpack.security.transport.ssl.verification_mode', 'full'],
		['xpack.security.transport.ssl.client_authentication', 'required'],
		...tlsFiles(node, plan.output)
	];
}

/** Stores the keystore password once in $ES_HOME's keystore, which the lab's nodes share (one config directory). */
function storeSecrets(plan: LabPlan): string {
	if (plan.output !== 'pkcs12') return '';
	return `# The .p12 password goes into the Elasticsearch keystore, never on a command line. add --stdin reads
# the value from standard input; -f overwrites an old value and creates the keystore when missing
# (elasticsearch-keystore reference).
: "\${LAB_P12_PASSWORD:?set LAB_P12_PASSWORD to the keystore password typed when the lab was issued}"
for setting in ${ELASTICSEARCH_P12_SECRETS.join(' ')}; do
  printf '%s\\n' "$LAB_P12_PASSWORD" | "$ES_HOME/bin/elasticsearch-keystore" add -f --stdin "$setting"
done
`;
}

function startScript(plan: LabPlan): string {
	const ports: Ports = (node) => ({
		http: `$((http + ${node.index - 1}))`,
		transport: `$((transport + ${node.index - 1}))`
	});
	const nodes = plan.nodes.map(
		(node) =>
			`"$ES_HOME/bin/elasticsearch" -d -p "$data/${node.name}.pid" -E path.data="$data/${node.name}" -E path.logs="$data/${node.name}-logs" \\\n${settings(
				node,
				plan,
				ports
			)
				.map(([k, v]) => `  -E ${k}=${v}`)
				.join(' \\\n')}`
	);
	const folders = ['ca', ...plan.nodes.map((n) => n.name)].join(' ');
	const password =
		plan.output === 'pkcs12'
			? ["LAB_P12_PASSWORD: the password of the .p12 keystores, stored into $ES_HOME's Elasticsearch keystore."]
			: [];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length}-node Elasticsearch lab on this machine with transport and HTTP TLS from this zip.`,
		[
			'ES_HOME: an unpacked Elasticsearch (the certificates are copied into $ES_HOME/config/certs, where it reads key material).',
			...password,
			'LAB_HTTP_PORT (default 9200) and LAB_TRANSPORT_PORT (default 9300): node i uses base + i - 1. LAB_DATA_DIR: data and logs (default ./data).',
			'Stop: kill $(cat <data>/node*.pid)'
		]
	)}: "\${ES_HOME:?set ES_HOME to an unpacked Elasticsearch}"
http=\${LAB_HTTP_PORT:-${HTTP_PORT}}
transport=\${LAB_TRANSPORT_PORT:-${TRANSPORT_PORT}}
data=$(mkdir -p "\${LAB_DATA_DIR:-./data}" && cd "\${LAB_DATA_DIR:-./data}" && pwd)
mkdir -p "$ES_HOME/config/certs"
cp -R ${folders} "$ES_HOME/config/certs/"
${storeSecrets(plan)}
${nodes.join('\n\n')}
echo "Set a password for the elastic user: $ES_HOME/bin/elasticsearch-reset-password -u elastic --url https://localhost:$http"
`;
}

/** One node's elasticsearch.yml: its settings, and for keystores the commands that store their password. */
function nodeYaml(node: LabNode, plan: LabPlan, ports: Ports): string {
	const lines = settings(node, plan, ports).map(
		([k, v]) =>
			`${k}: ${
				v.includes(',')
					? `[${v
							.split(',')
							.map((s) => `"${s}"`)
							.join(', ')}]`
					: v
			}`
	);
	const secrets =
		plan.output === 'pkcs12'
			? [
					'',
					'# The .p12 password is a secure setting, not a line of this file. On this node, as the user that',
					'# runs Elasticsearch, store it under each of these names (each command asks for the value):',
					...ELASTICSEARCH_P12_SECRETS.map((name) => `#   bin/elasticsearch-keystore add ${name}`)
				]
			: [];
	return `# ${node.name}: unzip this bundle into the node's config/certs folder.\n${[...lines, ...secrets].join('\n')}\n`;
}

export const elasticsearchLab: LabWriter = {
	nodeInput: (node) => ({
		nodeName: node.name,
		nodeFilename: '',
		nodeDns: node.hosts.filter((h) => !isIp(h)).join(' '),
		nodeIp: node.hosts.filter(isIp).join(' '),
		transportEku: 'none',
		httpHosts: node.hosts.join(', ')
	}),
	files(plan) {
		const fixed: Ports = (n) => ({
			http: String(portOf(plan, n, HTTP_PORT)),
			transport: String(portOf(plan, n, TRANSPORT_PORT))
		});
		const files = plan.nodes.map((node) => ({
			path: `config/${node.name}/elasticsearch.yml`,
			text: nodeYaml(node, plan, fixed)
		}));
		return plan.localhost
			? [...files, { path: 'start-elasticsearch.sh', text: startScript(plan), executable: true }]
			: files;
	}
};
