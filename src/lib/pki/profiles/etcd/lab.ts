import { bindAddress, hostPort, nodeAddress, perPlan, portOf, scriptHeader } from '../lab-common';
import type { LabFile, LabNode, LabPlan, LabWriter } from '../profile';

/** etcd's IANA ports; in a localhost lab node i uses 2379 + 2(i-1) for clients and the next one for peers. */
const CLIENT_PORT = 2379;
const PEER_PORT = 2380;

type Ports = (node: LabNode) => { client: string; peer: string };

/** Concrete ports, for the per-node snippet. */
const fixedPorts =
	(plan: LabPlan): Ports =>
	(node) => ({
		client: String(portOf(plan, node, CLIENT_PORT, 2)),
		peer: String(portOf(plan, node, PEER_PORT, 2))
	});

/** Ports computed by the start script from $base, so LAB_BASE_PORT can move the whole lab. */
const scriptPorts: Ports = (node) => ({
	client: `$((base + ${2 * (node.index - 1)}))`,
	peer: `$((base + ${2 * (node.index - 1) + 1}))`
});

/**
 * etcd's static bootstrap needs every member in every member's --initial-cluster (clustering guide,
 * "Static"). Written out per member that is quadratic: a 1,000-member lab would carry 75 MB of
 * flags. Up to etcd's largest recommended cluster (7 members, FAQ "What is maximum cluster size?")
 * the list stays inline where a reader expects it; beyond that the flags read one shared file.
 */
const INLINE_MEMBERS = 7;
const CLUSTER_FILE = 'config/initial-cluster';

function clusterList(plan: LabPlan, ports: Ports): string {
	return perPlan(plan, ports, () =>
		plan.nodes.map((n) => `${n.name}=https://${hostPort(nodeAddress(n), ports(n).peer)}`).join(',')
	);
}

/** The member's flags: mutual TLS on the client and the peer port (v3.4 security guide). */
function memberFlags(node: LabNode, plan: LabPlan, ports: Ports, cluster: string, dir: string): string[] {
	const { client, peer } = ports(node);
	const address = nodeAddress(node);
	const bind = bindAddress(node, plan);
	return [
		`--name ${node.name}`,
		`--listen-client-urls https://${hostPort(bind, client)}`,
		`--advertise-client-urls https://${hostPort(address, client)}`,
		`--listen-peer-urls https://${hostPort(bind, peer)}`,
		`--initial-advertise-peer-urls https://${hostPort(address, peer)}`,
		`--initial-cluster ${cluster}`,
		'--initial-cluster-token lab --initial-cluster-state new',
		`--client-cert-auth --trusted-ca-file ${dir}/ca.crt`,
		`--cert-file ${dir}/member.crt --key-file ${dir}/member.key`,
		`--peer-client-cert-auth --peer-trusted-ca-file ${dir}/ca.crt`,
		`--peer-cert-file ${dir}/member.crt --peer-key-file ${dir}/member.key`
	];
}

function startScript(plan: LabPlan): string {
	// The member list is written once, as $cluster; bash expands its $((base + n)) ports there.
	const members = plan.nodes.map((node) =>
		[
			`mkdir -p "$data/${node.name}" && chmod 700 "$data/${node.name}"`,
			`etcd --data-dir "$data/${node.name}" \\`,
			...memberFlags(node, plan, scriptPorts, '"$cluster"', node.name).map((f) => `  ${f} \\`),
			`  >"$data/${node.name}.log" 2>&1 &`
		].join('\n')
	);
	const first = plan.nodes[0];
	const endpoint = first ? `https://${hostPort(nodeAddress(first), '$base')}` : '';
	const client = plan.clients[0];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length}-member etcd lab on this machine with mutual TLS for clients and peers.`,
		[
			'LAB_BASE_PORT moves every port (default 2379: node i listens for clients on base + 2(i-1), for peers on the next port).',
			'LAB_DATA_DIR holds the members\u2019 data and logs (default ./data). Ctrl-C or TERM stops every member.'
		]
	)}base=\${LAB_BASE_PORT:-${CLIENT_PORT}}
data=\${LAB_DATA_DIR:-./data}
cluster="${clusterList(plan, scriptPorts)}"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${members.join('\n\n')}

echo "etcd lab starting; logs in $data/<member>.log. Try:"
echo "  ETCDCTL_API=3 etcdctl --endpoints ${endpoint} --cacert ${client?.folder ?? plan.nodes[0]?.name}/ca.crt${client ? ` --cert ${client.folder}/client.${client.user}.crt --key ${client.folder}/client.${client.user}.key` : ''} endpoint health"
wait
`;
}

export const etcdLab: LabWriter = {
	// Every member's hosts in every member certificate, so any member is valid at any member's address.
	nodeInput: (node, plan) => ({
		memberName: node.name,
		memberHosts: perPlan(plan, 'etcd-member-hosts', () => [...new Set(plan.nodes.flatMap((n) => n.hosts))].join(', '))
	}),
	clientInput: (user) => ({ etcdUsers: user }),
	files(plan) {
		const ports = fixedPorts(plan);
		const inline = plan.nodes.length <= INLINE_MEMBERS;
		const cluster = inline ? clusterList(plan, ports) : `"$(cat ${CLUSTER_FILE})"`;
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/etcd.flags`,
			text: `# etcd ${node.name}: run from the folder this zip was unzipped into.\netcd --data-dir <data dir> \\\n${memberFlags(
				node,
				plan,
				ports,
				cluster,
				node.name
			)
				.map((f) => `  ${f}`)
				.join(' \\\n')}\n`
		}));
		if (!inline) files.push({ path: CLUSTER_FILE, text: `${clusterList(plan, ports)}\n` });
		if (plan.localhost) files.push({ path: 'start-etcd.sh', text: startScript(plan), executable: true });
		return files;
	}
};
