import { parseHosts } from '../names';
import { bindAddress, hostPort, nodeAddress, portOf, scriptHeader, singleUser } from './lab-common';
import { defineProfile, subjectOf, type BundleSummary, type LabFile, type LabPlan, type LabSpec } from './profile';

/**
 * A generic mutual-TLS pair for software without a profile of its own: a server certificate
 * (serverAuth, its hosts as SANs, which is what RFC 6125 name checks read) and a client certificate
 * (clientAuth). RFC 5280 §4.2.1.12: a verifier that checks EKU refuses a certificate used for a
 * purpose it does not list, so each carries exactly its own.
 */

const PORT = 8443;

function startScript(plan: LabPlan): string {
	const servers = plan.nodes.map(
		(node, k) =>
			`openssl s_server -quiet -accept ${hostPort(bindAddress(node, plan), `$((base + ${k}))`)} -cert ${node.name}/server.crt -key ${node.name}/server.key \\\n  -CAfile ${node.name}/ca.crt -Verify 1 -verify_return_error -www >"$data/${node.name}.log" 2>&1 &`
	);
	const client = plan.clients[0];
	const first = plan.nodes[0];
	return `${scriptHeader(`Starts ${plan.nodes.length} openssl test server(s) that require a client certificate from this lab's CA.`, [
		'LAB_BASE_PORT: node i listens on base + i - 1 (default 8443). Logs in LAB_DATA_DIR (default ./data). Ctrl-C stops them.'
	])}base=\${LAB_BASE_PORT:-${PORT}}
data=\${LAB_DATA_DIR:-./data}
mkdir -p "$data"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${servers.join('\n')}
${client && first ? `echo "Try: curl --cacert ${client.folder}/ca.crt --cert ${client.folder}/client.crt --key ${client.folder}/client.key https://${hostPort(nodeAddress(first), '$base')}/"` : ''}
wait
`;
}

const mtlsLab: LabSpec = {
	nodeKinds: ['server'],
	nodeInput: (node) => ({ serverHosts: node.hosts.join(', ') }),
	clientKind: 'client',
	clientFolders: 'per-user',
	clientInput: (user) => ({ clientName: user }),
	defaultUsers: 'client',
	usersLabel: 'client names, one client-<name>/ folder each (CN = the name)',
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/server.conf`,
			text: `# ${node.name}: listen on ${hostPort(bindAddress(node, plan), portOf(plan, node, PORT))}\ntls_cert_file = ${node.name}/server.crt\ntls_key_file = ${node.name}/server.key\n# require a client certificate that chains to this CA\ntls_client_ca_file = ${node.name}/ca.crt\n`
		}));
		if (plan.localhost) files.push({ path: 'start-servers.sh', text: startScript(plan), executable: true });
		return files;
	}
};

export const mtls = defineProfile({
	id: 'mtls',
	label: 'Generic mutual TLS (server + client)',
	source: 'https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12',
	defaults: { caDays: 3650, leafDays: 397 },
	caFiles: { ca: 'ca.crt' },
	caPlacement: 'each-folder',
	formats: ['pem'],
	kinds: {
		server: {
			id: 'server',
			label: 'Issue server.crt / server.key',
			purpose: 'serverAuth: clients check the host they dialled against its SANs.',
			selected: true,
			fields: [{ id: 'serverHosts', label: 'Server hosts: DNS names and IP addresses', default: 'localhost, 127.0.0.1', multiline: true }],
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const sans = parseHosts(input.serverHosts ?? '', 'serverHosts');
				return { subject: subjectOf(sans[0]?.value ?? 'server'), sans, files: { cert: 'server.crt', key: 'server.key' } };
			}
		},
		client: {
			id: 'client',
			label: 'Issue client.crt / client.key',
			purpose: 'clientAuth: the server accepts it when it chains to this CA; the CN names the client.',
			selected: true,
			fields: [{ id: 'clientName', label: 'Client name (CN)', default: 'client' }],
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const name = singleUser(input.clientName ?? '', 'clientName', 'one client.crt per folder; the lab makes a folder per client.');
				return { subject: subjectOf(name), sans: [], files: { cert: 'client.crt', key: 'client.key' } };
			}
		}
	},
	readme: (summary: BundleSummary) => `Mutual-TLS certificates issued by "${summary.caName}"
==================================================

Folders: ${summary.folders.map((f) => f.folder || '.').join(', ')}

  ca.crt                  the CA: servers trust client certificates from it, clients trust servers
  server.crt, server.key  serverAuth, the server's hosts as SANs
  client.crt, client.key  clientAuth, CN = the client's name

  openssl s_server -accept 8443 -cert server.crt -key server.key -CAfile ca.crt -Verify 1 -www
  curl --cacert ca.crt --cert client.crt --key client.key https://localhost:8443/

The CA private key is not in this zip. Keys are mode 0600.
`,
	lab: mtlsLab
});
