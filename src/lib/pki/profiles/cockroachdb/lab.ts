import { bindAddress, hostPort, nodeAddress, portOf, scriptHeader } from '../lab-common';
import type { LabFile, LabNode, LabPlan, LabWriter } from '../profile';

/** cockroach start's defaults: SQL/RPC on 26257, DB Console on 8080 (cockroach start --help). */
const RPC_PORT = 26257;
const HTTP_PORT = 8080;

type Ports = (node: LabNode) => { rpc: string; http: string };

function startFlags(node: LabNode, plan: LabPlan, ports: Ports, store: string): string[] {
	const { rpc, http } = ports(node);
	const join = plan.nodes
		.slice(0, 3)
		.map((n) => hostPort(nodeAddress(n), ports(n).rpc))
		.join(',');
	// --certs-dir is the node folder as unzipped: ca.crt, node.crt, node.key (cockroach start --certs-dir).
	return [
		`--certs-dir=${node.name}`,
		`--store=${store}`,
		`--listen-addr=${hostPort(bindAddress(node, plan), rpc)}`,
		`--advertise-addr=${hostPort(nodeAddress(node), rpc)}`,
		`--http-addr=${hostPort(bindAddress(node, plan), http)}`,
		`--join=${join}`
	];
}

function startScript(plan: LabPlan): string {
	const ports: Ports = (node) => ({ rpc: `$((base + ${node.index - 1}))`, http: `$((http + ${node.index - 1}))` });
	const nodes = plan.nodes.map(
		(node) => `cockroach start --background ${startFlags(node, plan, ports, `"$data/${node.name}"`).join(' ')}`
	);
	const first = plan.nodes[0];
	const root = plan.clients.find((c) => c.user === 'root');
	const init =
		first && root
			? `cockroach init --certs-dir=${root.folder} --host=${hostPort(nodeAddress(first), '$base')} || true`
			: '# add a root client to the lab to run: cockroach init --certs-dir=<folder with client.root.crt>';
	return `${scriptHeader(
		`Starts the ${plan.nodes.length}-node CockroachDB lab on this machine from its certs-dirs, then initialises it.`,
		[
			'LAB_BASE_PORT: node i listens on base + i - 1 (default 26257), its DB Console on 8080 + i - 1.',
			'LAB_DATA_DIR holds the stores (default ./data). Stop: cockroach node drain, or kill the cockroach processes.'
		]
	)}base=\${LAB_BASE_PORT:-${RPC_PORT}}
http=\${LAB_HTTP_PORT:-${HTTP_PORT}}
data=\${LAB_DATA_DIR:-./data}
mkdir -p "$data"

${nodes.join('\n')}
${init}
`;
}

export const cockroachLab: LabWriter = {
	nodeInput: (node) => ({ hosts: node.hosts.join(', ') }),
	clientInput: (user) => ({ users: user }),
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => {
			const fixed: Ports = (n) => ({
				rpc: String(portOf(plan, n, RPC_PORT)),
				http: String(portOf(plan, n, HTTP_PORT))
			});
			return {
				path: `config/${node.name}/cockroach-start.flags`,
				text: `# ${node.name}: run from the folder this zip was unzipped into.\ncockroach start \\\n${startFlags(
					node,
					plan,
					fixed,
					`data/${node.name}`
				)
					.map((f) => `  ${f}`)
					.join(' \\\n')}\n`
			};
		});
		if (plan.localhost) files.push({ path: 'start-cockroach.sh', text: startScript(plan), executable: true });
		return files;
	}
};
