import { mutualTlsLabInputs } from '../mutual-tls';
import { bindAddress, nodeAddress, portOf, scriptHeader } from '../lab-common';
import type { LabFile, LabPlan, LabWriter } from '../profile';
import { MARIADB_FIELDS } from './index';
import { MARIADB_PORT, mariadbCnf, serverLines } from './config';

/** The opening every MariaDB start script shares: an absolute data folder and the OS user that owns the servers. */
export function dataLines(dataVar: string): string {
	return `data="\${${dataVar}:-./data}"
mkdir -p "$data" && chmod 700 "$data"
data="$(cd "$data" && pwd)"
# mariadbd runs as whoever runs this script (as root it needs --user=root said out loud).
me="$(id -un)"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM`;
}

/** Each node is a MariaDB server of its own (no replication), with every client's account. */
function startScript(plan: LabPlan): string {
	const users = plan.clients.map((c) => c.user);
	const servers = plan.nodes.map((node, k) =>
		[
			`dir="$data/${node.name}"`,
			serverLines({
				files: node.name,
				cnf: `config/${node.name}/my.cnf`,
				port: `$((base + ${k}))`,
				log: `>"$data/${node.name}.log" 2>&1 `,
				users
			})
		].join('\n')
	);
	const client = plan.clients[0];
	const first = plan.nodes[0];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length} MariaDB server(s) of this lab on this machine: TLS required, client certificates as the login.`,
		[
			`LAB_BASE_PORT: node i listens on base + i - 1 (default ${MARIADB_PORT}). LAB_DATA_DIR holds the data directories and logs`,
			'(default ./data; keep its path short, the socket inside must fit 107 bytes). Runs in the foreground; Ctrl-C stops every server.'
		]
	)}base="\${LAB_BASE_PORT:-${MARIADB_PORT}}"
${dataLines('LAB_DATA_DIR')}

${servers.join('\n\n')}

${client && first ? `echo "MariaDB lab ready; logs in $data/<node>.log. Try: mariadb -h ${nodeAddress(first)} -P $base -u ${client.user} --ssl-ca=${client.folder}/ca.crt --ssl-cert=${client.folder}/client.crt --ssl-key=${client.folder}/client.key --ssl-verify-server-cert -e 'SELECT CURRENT_USER()'"` : ''}
wait
`;
}

export const mariadbLab: LabWriter = {
	...mutualTlsLabInputs(MARIADB_FIELDS),
	files(plan) {
		const files: LabFile[] = plan.nodes.map((node) => ({
			path: `config/${node.name}/my.cnf`,
			text: mariadbCnf({
				title: `MariaDB ${node.name}: mariadbd --defaults-file=config/${node.name}/my.cnf --datadir=<data dir> (start-mariadb.sh does).`,
				bind: bindAddress(node, plan),
				port: portOf(plan, node, MARIADB_PORT)
			})
		}));
		if (plan.localhost) files.push({ path: 'start-mariadb.sh', text: startScript(plan), executable: true });
		return files;
	}
};
