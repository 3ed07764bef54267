import { splitList } from '../../names';
import { instanceCn, instanceDns, instanceFilename, instanceIp, instanceSans, instanceSubject } from './instance-rules';
import { defineProfile, hostSans, type ExtendedKeyUsage, type LeafInput } from '../profile';

/**
 * Elasticsearch node certificates, laid out as elasticsearch-certutil's `cert` command writes its
 * zip (x-pack/plugin/security/cli/.../CertificateTool.java, generateAndWriteSignedCertificates):
 * ca/ca.crt, then per instance <filename>/<filename>.crt and .key with --pem, or
 * <filename>/<filename>.p12 holding the key (alias = the instance name) and the CA as trusted
 * entry "ca". certutil writes ca/ca.crt only for a CA it generated; we always ship it, because
 * PEM nodes need it for certificate_authorities. certutil names a lone PKCS#12 written outside a
 * zip elastic-certificates.p12 (or <name>.p12); our download is always a zip with a README and
 * the snippets, so every node gets the zip layout <filename>/<filename>.p12.
 *
 * The transport rule (Elastic docs, "Transport mTLS certificate requirements for external CAs",
 * https://www.elastic.co/docs/deploy-manage/security/external-ca-transport):
 * "Certificates used for transport mTLS must either have no Extended Key Usage extension, or include
 * both clientAuth and serverAuth". HTTP certificates are served to clients only: serverAuth, as
 * certutil's http command sets it (HttpCertificateCommand.java).
 */

/** The only EKU lists a transport certificate may get; the form offers these and nothing else. */
const TRANSPORT_EKU: Readonly<Record<string, readonly ExtendedKeyUsage[]>> = {
	none: [],
	both: ['serverAuth', 'clientAuth']
};
for (const usages of Object.values(TRANSPORT_EKU)) {
	if (usages.length > 0 && !(usages.includes('serverAuth') && usages.includes('clientAuth'))) {
		throw new Error(
			'A transport certificate must have no EKU or both clientAuth and serverAuth (Elastic docs, external CA for transport)'
		);
	}
}

/** The instance name, its file name (validated) and its subject, from the shared node fields. */
function instance(input: LeafInput) {
	const name = (input.nodeName ?? '').trim();
	return {
		name,
		subject: instanceSubject(name, 'nodeName'),
		filename: instanceFilename(name, input.nodeFilename?.trim(), 'nodeFilename')
	};
}

export const elasticsearch = defineProfile({
	id: 'elasticsearch',
	label: 'Elasticsearch',
	source: 'https://www.elastic.co/docs/deploy-manage/security/external-ca-transport',
	// elasticsearch-certutil's default validity for CA and certificates: DEFAULT_DAYS = 3 * 365.
	defaults: { caDays: 1095, leafDays: 1095 },
	caFiles: { ca: 'ca/ca.crt' },
	caPlacement: 'top',
	formats: ['pem', 'pkcs12'],
	// certutil's name for any zip of certificates (DEFAULT_CERT_ZIP).
	zipName: 'certificate-bundle.zip',
	kinds: {
		transport: {
			id: 'transport',
			label: 'Issue a transport certificate (<filename>/<filename>.crt and .key, or .p12)',
			purpose: "Node-to-node mutual TLS (xpack.security.transport.ssl): each node presents it and checks the other's.",
			selected: true,
			fields: [
				{
					id: 'nodeName',
					label: 'Node name: the common name, or a full DN if it contains "=" (CN=node-1,OU=search)',
					default: 'node-1'
				},
				{ id: 'nodeFilename', label: 'File and folder name (empty: the node name)', default: '' },
				{ id: 'nodeDns', label: 'DNS names of the node, separated by commas or spaces', default: 'localhost' },
				{ id: 'nodeIp', label: 'IP addresses of the node, separated by commas or spaces', default: '127.0.0.1' },
				{
					id: 'transportEku',
					label: 'Extended key usage of the transport certificate',
					hint: 'Elasticsearch requires either no extendedKeyUsage or both clientAuth and serverAuth for transport mTLS.',
					default: 'none',
					choices: [
						{ value: 'none', label: 'None: no extendedKeyUsage extension, as elasticsearch-certutil issues it' },
						{ value: 'both', label: 'Both clientAuth and serverAuth' }
					]
				}
			],
			extendedKeyUsage: TRANSPORT_EKU.none ?? [],
			extendedKeyUsageChoice: { field: 'transportEku', options: TRANSPORT_EKU },
			names: (input) => {
				const { name, subject, filename } = instance(input);
				// nodeCn is filled only from an instances.yml `cn` list, one entry per line.
				const cns = (input.nodeCn ?? '')
					.split('\n')
					.filter((c) => c.length > 0)
					.map((c) => instanceCn(c, 'nodeCn'));
				const dns = splitList(input.nodeDns ?? '').map((d) => instanceDns(d, 'nodeDns'));
				const ips = splitList(input.nodeIp ?? '').map((ip) => instanceIp(ip, 'nodeIp'));
				const base = `${filename}/${filename}`;
				return {
					subject,
					sans: instanceSans(dns, ips, cns, 'nodeDns'),
					// certutil's key entry alias is the instance name as given (writePkcs12(..., name.originalName, ...)).
					files: { cert: `${base}.crt`, key: `${base}.key`, p12: `${base}.p12`, p12Alias: name }
				};
			}
		},
		http: {
			id: 'http',
			label: 'Issue an HTTP certificate (<filename>/http.crt and http.key, or http.p12)',
			purpose: 'serverAuth only: served to REST clients, Kibana and browsers (xpack.security.http.ssl).',
			selected: false,
			fields: [
				{
					id: 'httpHosts',
					label: 'Addresses clients use for the HTTP API: DNS names and IP addresses',
					default: 'localhost, 127.0.0.1',
					multiline: true
				}
			],
			uses: ['nodeName', 'nodeFilename'],
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const { subject, filename } = instance(input);
				// certutil http writes http.p12 with key alias "http" (HttpCertificateCommand.writeKeyStore).
				return {
					subject,
					sans: hostSans(input, 'httpHosts'),
					files: {
						cert: `${filename}/http.crt`,
						key: `${filename}/http.key`,
						p12: `${filename}/http.p12`,
						p12Alias: 'http'
					}
				};
			}
		}
	},
	lab: {
		nodeKinds: ['transport', 'http'],
		// elasticsearch-certutil's layout: the kinds' files carry the <filename>/ folder, so the lab
		// issues into the top of the zip and the instance name becomes the folder.
		nodeFolder: 'kind',
		defaultUsers: '',
		usersLabel: ''
	},
	lintTargets: [
		{ id: 'elasticsearch-transport', label: 'Elasticsearch transport (node to node)' },
		{ id: 'elasticsearch-http', label: 'Elasticsearch HTTP (REST clients, Kibana)' }
	]
});
