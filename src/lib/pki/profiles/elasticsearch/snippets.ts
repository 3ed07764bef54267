import type { BundleSummary, LeafFiles } from '../profile';

/**
 * elasticsearch.yml settings per node and the bundle's README. Setting names and meanings are those
 * of Elastic's "Security settings" reference, "Transport TLS/SSL settings" and "HTTP TLS/SSL
 * settings" (https://www.elastic.co/guide/en/elasticsearch/reference/current/security-settings.html);
 * relative paths resolve against the node's config directory ($ES_PATH_CONF), and keystore
 * passwords belong in the secure settings keystore (bin/elasticsearch-keystore add
 * xpack.security.transport.ssl.keystore.secure_password), never in elasticsearch.yml.
 */

/** Where the README tells people to unzip: paths in the snippets start here, relative to $ES_PATH_CONF. */
const CERTS_DIR = 'certs';

interface NodeFiles {
	dir: string;
	name: string;
	transport?: LeafFiles;
	http?: LeafFiles;
}

/** Leaves grouped by the instance folder their files live in (<filename>/...). */
function nodes(summary: BundleSummary): NodeFiles[] {
	const byDir = new Map<string, NodeFiles>();
	for (const folder of summary.folders) {
		for (const leaf of folder.leaves) {
			const path = `${folder.folder === '' ? '' : `${folder.folder}/`}${leaf.files.cert}`;
			const dir = path.slice(0, path.lastIndexOf('/'));
			const node = byDir.get(dir) ?? { dir, name: leaf.commonName };
			if (leaf.kindId === 'transport') node.transport = leaf.files;
			if (leaf.kindId === 'http') node.http = leaf.files;
			byDir.set(dir, node);
		}
	}
	return [...byDir.values()];
}

/**
 * A YAML value: plain when it is only letters, digits and _ . / -, else a double-quoted scalar
 * (YAML 1.2 §7.3.1; JSON's string syntax is one). certutil file names may hold spaces, '#', '&',
 * '!', '{' and more, which a plain scalar would read as a comment, an anchor, a tag or a mapping.
 */
const yamlValue = (value: string) => (/^[A-Za-z0-9_./-]+$/.test(value) ? value : JSON.stringify(value));

const at = (dir: string, file: string | undefined) =>
	yamlValue(`${CERTS_DIR}/${dir}/${(file ?? '').slice((file ?? '').lastIndexOf('/') + 1)}`);

function layerSettings(
	layer: 'transport' | 'http',
	dir: string,
	files: LeafFiles,
	format: BundleSummary['format']
): string[] {
	const p = `xpack.security.${layer}.ssl`;
	if (format === 'pkcs12') {
		// One .p12 as both keystore and truststore, as elasticsearch-certutil's files are used
		// (it holds the node's key and the CA as a trusted entry).
		return [`${p}.keystore.path: ${at(dir, files.p12)}`, `${p}.truststore.path: ${at(dir, files.p12)}`];
	}
	return [
		`${p}.key: ${at(dir, files.key)}`,
		`${p}.certificate: ${at(dir, files.cert)}`,
		`${p}.certificate_authorities: [ "${CERTS_DIR}/ca/ca.crt" ]`
	];
}

function nodeYaml(node: NodeFiles, format: BundleSummary['format']): string {
	const lines = [
		// JSON quoting: a name can never end the comment line, whatever reached it.
		`# elasticsearch.yml settings for node ${JSON.stringify(node.name)}, made by Offline CA.`,
		`# Unzip the bundle into the node's config directory as ${CERTS_DIR}/ (so ${CERTS_DIR}/ca/ca.crt and ${JSON.stringify(`${CERTS_DIR}/${node.dir}/`)} exist).`,
		'# Settings: https://www.elastic.co/guide/en/elasticsearch/reference/current/security-settings.html',
		'xpack.security.enabled: true'
	];
	if (node.transport) {
		lines.push(
			'',
			"# Node-to-node mutual TLS: both sides present a certificate and check the other one's",
			'# chain and host name (verification_mode: full; client_authentication: required).',
			'xpack.security.transport.ssl.enabled: true',
			'xpack.security.transport.ssl.verification_mode: full',
			'xpack.security.transport.ssl.client_authentication: required',
			...layerSettings('transport', node.dir, node.transport, format)
		);
	}
	if (node.http)
		lines.push(
			'',
			'# HTTPS for the REST API (port 9200).',
			'xpack.security.http.ssl.enabled: true',
			...layerSettings('http', node.dir, node.http, format)
		);
	if (format === 'pkcs12') {
		lines.push('', '# The keystore password goes into the secure settings, not this file:');
		for (const layer of [node.transport ? 'transport' : null, node.http ? 'http' : null]) {
			if (!layer) continue;
			lines.push(`#   bin/elasticsearch-keystore add xpack.security.${layer}.ssl.keystore.secure_password`);
			lines.push(`#   bin/elasticsearch-keystore add xpack.security.${layer}.ssl.truststore.secure_password`);
		}
	}
	return `${lines.join('\n')}\n`;
}

/** certutil http names its sample sample-elasticsearch.yml (HttpCertificateCommand); one per node folder here. */
export function elasticsearchSnippets(summary: BundleSummary): { path: string; text: string }[] {
	return nodes(summary).map((node) => ({
		path: `${node.dir}/sample-elasticsearch.yml`,
		text: nodeYaml(node, summary.format)
	}));
}

export function elasticsearchReadme(summary: BundleSummary): string {
	const list = nodes(summary);
	const pkcs12 = summary.format === 'pkcs12';
	const files = list
		.map((n) => {
			const names = [n.transport, n.http]
				.filter((f): f is LeafFiles => Boolean(f))
				.flatMap((f) => (pkcs12 ? [f.p12 ?? ''] : [f.cert, f.key]));
			return `  ${[...names, `${n.dir}/sample-elasticsearch.yml`].join('\n  ')}`;
		})
		.join('\n');
	return `Elasticsearch certificates issued by "${summary.caName}"
${'='.repeat(41 + summary.caName.length)}

Laid out as elasticsearch-certutil cert${pkcs12 ? '' : ' --pem'} lays out certificate-bundle.zip:

  ca/ca.crt           the CA certificate every node trusts
${files}

${
	pkcs12
		? `Each .p12 holds the node's private key and certificate (alias: the node name; "http" for HTTP
certificates) and the CA as a trusted entry (alias "ca"), so one file serves as both
xpack.security.transport.ssl.keystore.path and truststore.path. It is protected by the password
you chose (printable ASCII: Java refuses others).`
		: `Keys are unencrypted PKCS#8 PEM files with mode 0600; certificates are 0644.`
}

Transport certificates have either no extendedKeyUsage extension (as elasticsearch-certutil issues
them) or both clientAuth and serverAuth: Elasticsearch's rule for transport mutual TLS. HTTP
certificates carry serverAuth only.

Install
-------
  1. Unzip into each node's config directory:  unzip certificate-bundle.zip -d $ES_PATH_CONF/certs
     (Info-ZIP unzip keeps the modes; otherwise: chmod 600 on keys and .p12 files.)
  2. Add the lines of <node>/sample-elasticsearch.yml to that node's elasticsearch.yml.${
		pkcs12
			? '\n  3. Store the keystore password: bin/elasticsearch-keystore add <setting>.secure_password\n     for each keystore.secure_password and truststore.secure_password the sample names.'
			: ''
	}

The CA private key is not in this zip: it stays sealed in the browser that issued these files.
`;
}
