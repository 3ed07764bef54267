import { mutualTlsLabInputs } from '../mutual-tls';
import { bindAddress, portOf, scriptHeader } from '../lab-common';
import type { LabFile, LabPlan, LabWriter } from '../profile';
import { RABBITMQ_FIELDS } from './index';
import { AMQPS_PORT, DIST_PORT, SERVER_LINE, brokerLines, rabbitmqConf } from './config';

/** Each node is a broker of its own (no cluster), with its own AMQPS and distribution port. */
function startScript(plan: LabPlan): string {
	const brokers = plan.nodes.map((node, k) =>
		brokerLines({
			dir: `$data/${node.name}`,
			conf: `config/${node.name}/rabbitmq.conf`,
			node: `rabbit-${node.name}@localhost`,
			port: `$((base + ${k}))`,
			dist: `$((dist + ${k}))`,
			log: `>"$data/${node.name}.log" 2>&1 `
		})
	);
	const client = plan.clients[0];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length} RabbitMQ broker(s) of this lab on this machine as the user who runs it, each requiring a client certificate on AMQPS.`,
		[
			`LAB_BASE_PORT: node i takes AMQPS on base + i - 1 (default ${AMQPS_PORT}); LAB_DIST_BASE_PORT: its Erlang distribution port`,
			`(default ${DIST_PORT}); ERL_EPMD_PORT: Erlang's port mapper (default 4369). LAB_DATA_DIR holds data, logs and cookies (default ./data).`,
			'Runs in the foreground; Ctrl-C stops every broker (epmd, shared by Erlang nodes, keeps running: epmd -kill stops it).'
		]
	)}base="\${LAB_BASE_PORT:-${AMQPS_PORT}}"
dist="\${LAB_DIST_BASE_PORT:-${DIST_PORT}}"
data="\${LAB_DATA_DIR:-./data}"
${SERVER_LINE}
mkdir -p "$data" && chmod 700 "$data"
data="$(cd "$data" && pwd)"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

${brokers.join('\n\n')}

echo "RabbitMQ lab starting; logs in $data/<node>.log and $data/<node>/log."
${client ? `echo "Connect with ${client.folder}/: see README.txt (openssl s_client to 127.0.0.1:$base)."` : ''}
wait
`;
}

export const rabbitmqLab: LabWriter = {
	...mutualTlsLabInputs(RABBITMQ_FIELDS),
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/rabbitmq.conf`,
			text: rabbitmqConf({
				title: `RabbitMQ ${node.name}: paths are relative to the folder this zip was unzipped into (start-rabbitmq.sh runs there).`,
				dir: node.name,
				bind: bindAddress(node, plan),
				port: portOf(plan, node, AMQPS_PORT)
			})
		}));
		if (plan.localhost) files.push({ path: 'start-rabbitmq.sh', text: startScript(plan), executable: true });
		return files;
	}
};
