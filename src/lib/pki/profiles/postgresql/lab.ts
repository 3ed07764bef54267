import { mutualTlsLabInputs } from '../mutual-tls';
import { bindAddress, nodeAddress, portOf, scriptHeader } from '../lab-common';
import { POSTGRESQL_FIELDS } from './index';
import type { LabFile, LabNode, LabPlan, LabWriter } from '../profile';

const PORT = 5432;

/** postgresql.conf lines; the files are copied into the data directory, where relative paths resolve (§19.9.3). */
function conf(node: LabNode, plan: LabPlan, port: string): string {
	return [
		`# PostgreSQL ${node.name}: copy ${node.name}/server.crt, server.key and root.crt into the data directory.`,
		`listen_addresses = '${bindAddress(node, plan) === '0.0.0.0' ? '*' : bindAddress(node, plan)}'`,
		`port = ${port}`,
		'ssl = on',
		"ssl_cert_file = 'server.crt'",
		"ssl_key_file = 'server.key'",
		"ssl_ca_file = 'root.crt'",
		''
	].join('\n');
}

/** "cert": the client certificate alone authenticates, and its CN must be the user (§20.12). */
function hba(plan: LabPlan): string {
	const from = plan.localhost ? ['127.0.0.1/32', '::1/128'] : ['0.0.0.0/0', '::/0'];
	return [
		'# pg_hba.conf: certificate authentication over TLS only',
		'local   all  all  peer',
		...from.map((net) => `hostssl all  all  ${net}  cert`),
		''
	].join('\n');
}

function startScript(plan: LabPlan): string {
	// initdb makes the superuser postgres; the other client users become login roles.
	const roles = plan.clients
		.filter((c) => c.user !== 'postgres')
		.map((c) => `CREATE ROLE \\"${c.user}\\" LOGIN;`)
		.join(' ');
	const servers = plan.nodes.map((node, k) => {
		const port = `$((base + ${k}))`;
		return [
			`dir="$data/${node.name}"`,
			'fresh=0',
			'if [ ! -d "$dir" ]; then',
			// trust on the Unix socket only until pg_hba.conf is replaced: the socket is in the 0700 data directory.
			'  "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=reject >/dev/null',
			`  install -m 0600 ${node.name}/server.key "$dir/server.key"`,
			`  install -m 0644 ${node.name}/server.crt ${node.name}/root.crt "$dir/"`,
			`  sed "s/^port = .*/port = ${port}/" config/${node.name}/postgresql.conf >>"$dir/postgresql.conf"`,
			'  fresh=1',
			'fi',
			`"$bin/pg_ctl" -D "$dir" -l "$data/${node.name}.log" -o "-k $dir" -w start`,
			'if [ "$fresh" = 1 ]; then',
			roles ? `  "$bin/psql" -X -q -h "$dir" -p ${port} -U postgres -d postgres -c "${roles}"` : '',
			`  cp config/${node.name}/pg_hba.conf "$dir/pg_hba.conf"`,
			'  "$bin/pg_ctl" -D "$dir" reload >/dev/null',
			'fi'
		]
			.filter(Boolean)
			.join('\n');
	});
	const first = plan.nodes[0];
	const client = plan.clients[0];
	return `${scriptHeader(
		`Starts the ${plan.nodes.length} PostgreSQL server(s) of this lab on this machine, each accepting only client certificates over TLS.`,
		[
			'Run as the user who should own the clusters (not root: the postmaster refuses). PG_BIN overrides the server binaries',
			'(default: the newest /usr/lib/postgresql/<major>/bin). LAB_BASE_PORT: node i listens on base + i - 1 (default 5432).',
			'LAB_DATA_DIR holds the clusters (default ./data). Stop: pg_ctl -D <data>/<node> stop.'
		]
	)}bin=\${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
base=\${LAB_BASE_PORT:-${PORT}}
data=\${LAB_DATA_DIR:-./data}
mkdir -p "$data" && chmod 700 "$data"

${servers.join('\n\n')}
${client && first ? `\necho "Connect: psql \\"host=${nodeAddress(first)} port=$base user=${client.user} dbname=postgres sslmode=verify-full sslrootcert=${client.folder}/root.crt sslcert=${client.folder}/postgresql.crt sslkey=${client.folder}/postgresql.key\\""` : ''}
`;
}

export const postgresqlLab: LabWriter = {
	...mutualTlsLabInputs(POSTGRESQL_FIELDS),
	files(plan) {
		const files: LabFile[] = plan.nodes.flatMap((node) => [
			{ path: `config/${node.name}/postgresql.conf`, text: conf(node, plan, String(portOf(plan, node, PORT))) },
			{ path: `config/${node.name}/pg_hba.conf`, text: hba(plan) }
		]);
		if (plan.localhost) files.push({ path: 'start-postgres.sh', text: startScript(plan), executable: true });
		return files;
	}
};
