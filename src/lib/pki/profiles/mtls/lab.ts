import { mutualTlsLabInputs } from '../mutual-tls';
import { bindAddress, hostPort, nodeAddress, portOf, scriptHeader } from '../lab-common';
import { MTLS_FIELDS } from './index';
import type { LabFile, LabPlan, LabWriter } from '../profile';

// The generic mTLS lab: an openssl s_server per node that requires a client certificate from the lab's CA.
const PORT = 8443;

function startScript(plan: LabPlan): string {
	const servers = plan.nodes.map(
		(node, k) =>
			`openssl s_server -quiet -accept ${hostPort(bindAddress(node, plan), `$((base + ${k}))`)} -cert ${node.name}/server.crt -key ${node.name}/server.key \\\n  -CAfile ${node.name}/ca.crt -Verify 1 -verify_return_error -www >"$data/${node.name}.log" 2>&1 &`
	);
	const client = plan.clients[0];
	const first = plan.nodes[0];
	return `${scriptHeader(
		`Starts ${plan.nodes.length} openssl test server(s) that require a client certificate from this lab's CA.`,
		[
			'LAB_BASE_PORT: node i listens on base + i - 1 (default 8443). Logs in LAB_DATA_DIR (default ./data). Ctrl-C stops them.'
		]
	)}base=\${LAB_BASE_PORT:-${PORT}}
data=\${LAB_DATA_DIR:-./data}
mkdir -p "$data"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${servers.join('\n')}
${client && first ? `echo "Try: curl --cacert ${client.folder}/ca.crt --cert ${client.folder}/client.crt --key ${client.folder}/client.key https://${hostPort(nodeAddress(first), '$base')}/"` : ''}
wait
`;
}

export const mtlsLab: LabWriter = {
	...mutualTlsLabInputs(MTLS_FIELDS),
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/server.conf`,
			text: `# ${node.name}: listen on ${hostPort(bindAddress(node, plan), portOf(plan, node, PORT))}\ntls_cert_file = ${node.name}/server.crt\ntls_key_file = ${node.name}/server.key\n# require a client certificate that chains to this CA\ntls_client_ca_file = ${node.name}/ca.crt\n`
		}));
		if (plan.localhost) files.push({ path: 'start-servers.sh', text: startScript(plan), executable: true });
		return files;
	}
};
