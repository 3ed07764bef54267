import { mutualTlsLabInputs } from '../mutual-tls';
import { bindAddress, nodeAddress, portOf, scriptHeader } from '../lab-common';
import type { LabFile, LabPlan, LabWriter } from '../profile';
import { NATS_FIELDS } from './index';
import { NATS_PING_PY, NATS_PORT, natsConf } from './config';

/** Each node is a NATS server of its own (no cluster routes), on its own port in a localhost lab. */
function startScript(plan: LabPlan): string {
	const servers = plan.nodes.map(
		(node, k) => `nats-server -c "config/${node.name}/nats.conf" -p "$((base + ${k}))" -l "$data/${node.name}.log" &`
	);
	const client = plan.clients[0];
	const first = plan.nodes[0];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length} NATS server(s) of this lab on this machine, each requiring a client certificate from this lab's CA.`,
		[
			`LAB_BASE_PORT: node i listens on base + i - 1 (default ${NATS_PORT}). Logs in LAB_DATA_DIR (default ./data).`,
			'Runs in the foreground; Ctrl-C or TERM stops every server.'
		]
	)}base="\${LAB_BASE_PORT:-${NATS_PORT}}"
data="\${LAB_DATA_DIR:-./data}"
mkdir -p "$data"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${servers.join('\n')}
${client && first ? `echo "NATS lab starting; logs in $data/<node>.log. Try: python3 nats-ping.py ${nodeAddress(first)} $base ${client.folder}"` : ''}
wait
`;
}

export const natsLab: LabWriter = {
	...mutualTlsLabInputs(NATS_FIELDS),
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/nats.conf`,
			text: natsConf({
				title: `NATS ${node.name}: run nats-server -c config/${node.name}/nats.conf from the folder this zip was unzipped into.`,
				dir: node.name,
				bind: bindAddress(node, plan),
				port: portOf(plan, node, NATS_PORT)
			})
		}));
		files.push({ path: 'nats-ping.py', text: NATS_PING_PY });
		if (plan.localhost) files.push({ path: 'start-nats.sh', text: startScript(plan), executable: true });
		return files;
	}
};
