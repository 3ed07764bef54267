import { parseHost } from '../../names';
import { bindAddress, hostPort, nodeAddress, perPlan, portOf, scriptHeader, shellQuote } from '../lab-common';
import type { LabFile, LabNode, LabPlan, LabWriter } from '../profile';

/**
 * A Consul server cluster whose agents talk over TLS only, per "Enable TLS encryption with built-in
 * CA" (developer.hashicorp.com/consul/docs/secure/encryption/tls/enable/new/builtin) and the agent
 * configuration reference (ports, tls stanza). In a localhost lab node i shifts every port by
 * 10 × (i - 1); plain HTTP and DNS are switched off so only the HTTPS API listens.
 */
const PORTS = { server: 8300, serf_lan: 8301, serf_wan: 8302, https: 8501 } as const;
const STRIDE = 10;

const portsOf = (plan: LabPlan, node: LabNode) =>
	Object.fromEntries(Object.entries(PORTS).map(([name, base]) => [name, portOf(plan, node, base, STRIDE)])) as Record<
		keyof typeof PORTS,
		number
	>;

/** Node hosts beyond what consul puts in every server certificate (localhost, 127.0.0.1). */
function extraHosts(node: LabNode): { dns: string[]; ips: string[] } {
	const dns: string[] = [];
	const ips: string[] = [];
	for (const host of node.hosts) {
		const san = parseHost(host, 'labHosts');
		if (san.type === 'ip' && san.value !== '127.0.0.1') ips.push(san.value);
		if (san.type === 'dns' && san.value !== 'localhost') dns.push(san.value);
	}
	return { dns, ips };
}

function serverHcl(node: LabNode, plan: LabPlan): string {
	const ports = portsOf(plan, node);
	// Joining any one member of the LAN gossip pool is enough (agent configuration reference,
	// retry_join); like CockroachDB's --join, the first three servers keep each config small.
	const join = perPlan(plan, 'consul-retry-join', () =>
		plan.nodes
			.slice(0, 3)
			.map((n) => `"${hostPort(nodeAddress(n), portsOf(plan, n).serf_lan)}"`)
			.join(', ')
	);
	return `# Consul server ${node.name}: run from the folder this zip was unzipped into:
#   consul agent -config-file config/${node.name}/consul.hcl
node_name        = "${node.name}"
datacenter       = "dc1"
data_dir         = "data/${node.name}"
server           = true
bootstrap_expect = ${plan.nodes.length}
bind_addr        = "${bindAddress(node, plan)}"
client_addr      = "${bindAddress(node, plan)}"
retry_join       = [${join}]
ports {
  server   = ${ports.server}
  serf_lan = ${ports.serf_lan}
  serf_wan = ${ports.serf_wan}
  http     = -1
  https    = ${ports.https}
  dns      = -1
  grpc     = -1
}
tls {
  defaults {
    ca_file         = "consul-agent-ca.pem"
    cert_file       = "${node.name}/dc1-server-consul-0.pem"
    key_file        = "${node.name}/dc1-server-consul-0-key.pem"
    verify_incoming = true
    verify_outgoing = true
  }
  internal_rpc {
    # Servers must present server.dc1.consul: a client certificate cannot pose as a server.
    verify_server_hostname = true
  }
}
`;
}

function startScript(plan: LabPlan): string {
	const agents = plan.nodes.map(
		(node) => `consul agent -config-file "config/${node.name}/consul.hcl" >"data/${node.name}.log" 2>&1 &`
	);
	const first = plan.nodes[0];
	const client = plan.clients[0];
	const api = first ? `https://${hostPort(nodeAddress(first), portsOf(plan, first).https)}` : '';
	// The client folder carries a user-given name: the whole line is one single-quoted word.
	const tryCommand = `CONSUL_HTTP_ADDR=${api} CONSUL_CACERT=consul-agent-ca.pem${client ? ` CONSUL_CLIENT_CERT=${client.folder}/dc1-client-consul-0.pem CONSUL_CLIENT_KEY=${client.folder}/dc1-client-consul-0-key.pem` : ''} consul members`;
	return `${scriptHeader(
		`Starts the ${plan.nodes.length}-server Consul lab on this machine, with TLS between every agent.`,
		['Each server logs to data/<node>.log. Ctrl-C or TERM stops every agent.']
	)}mkdir -p data && chmod 700 data
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${agents.join('\n')}

echo "Consul lab starting. Try:"
echo ${shellQuote(`  ${tryCommand}`)}
wait
`;
}

export const consulLab: LabWriter = {
	// consul tls cert create -server -node <node> with the node's own names as -additional-*.
	nodeInput: (node) => {
		const extra = extraHosts(node);
		return {
			dc: 'dc1',
			domain: 'consul',
			serverNodes: node.name,
			additionalDns: extra.dns.join(', '),
			additionalIps: extra.ips.join(', ')
		};
	},
	clientInput: () => ({ dc: 'dc1', domain: 'consul' }),
	files(plan): LabFile[] {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/consul.hcl`,
			text: serverHcl(node, plan)
		}));
		if (plan.localhost) files.push({ path: 'start-consul.sh', text: startScript(plan), executable: true });
		return files;
	}
};
