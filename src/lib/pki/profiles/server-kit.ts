import { isLoopback } from '../lab/hosts';
import { hostPort, scriptHeader } from './lab-common';
import { mutualTlsLabInputs } from './mutual-tls';
import type { BundleSummary, LabFile, ProfileWriter } from './profile';
import { kitFields } from './server-kit-profile';

/**
 * A server kit: a real server (nginx, HAProxy, Redis, Mosquitto) in front of which this CA's client
 * certificates are required. The profile is a mutual-TLS pair (mutual-tls.ts); this module writes what
 * a single-server bundle and a quick lab share: the server's own config file in every folder holding a
 * server certificate, next to the files it names, a start script that runs every server on this
 * machine, and a README with the client commands. Both are made from the bundle's summary, so a
 * bundle, a lab and a renewal of either come out alike.
 */

/** One server folder of a bundle, with where its config makes it listen. */
export interface KitServer {
	/** The folder in the zip ('' for a single-server bundle). */
	folder: string;
	bind: string;
	port: number;
	/** The first name of its certificate: what a client dials. */
	host: string;
}

export interface ServerKit {
	/** The server's name in prose and in the start script's name (start-<program>.sh). */
	program: string;
	/** The config file as the server expects it, written into each server folder. */
	configFile: string;
	defaultPort: number;
	/** What the server reads from its folder besides the config: copied into its run folder, secret ones 0600. */
	reads: { public: readonly string[]; secret: readonly string[] };
	config(server: KitServer): string;
	/**
	 * Lines of the start script's serve function, after the server's files are copied into "$run":
	 * start the server there on "$port" in the background, its output in "$run.log". "$folder" is the
	 * server folder, relative to the script.
	 */
	serve: readonly string[];
	/** README: how to check the config, from the server folder (absent where the program has no check mode). */
	check?: string;
	/** Client commands that succeed, run from the zip's top folder; `dir` is the client folder with a slash, or ''. */
	clientCommands(dir: string, host: string, port: number | string): string[];
	/** README: what a client without a certificate gets. */
	refusal: string;
	/** README: the doc pages the config follows. */
	docs: readonly string[];
}

/** Folders that hold a server certificate, in bundle order, with where each listens. */
export function kitServers(kit: ServerKit, summary: BundleSummary): KitServer[] {
	const folders = summary.folders.filter((f) => f.leaves.some((l) => l.kindId === 'server'));
	const names = folders.map((f) => f.leaves.find((l) => l.kindId === 'server')?.sans ?? []);
	// Every server on this machine: each gets its own port, as a localhost lab's nodes do (lab-common.ts portOf).
	const local = names.every((sans) => sans.length > 0 && sans.every((s) => isLoopback(sanValue(s))));
	return folders.map((f, k) => {
		const sans = names[k] ?? [];
		const ip = sans.find((s) => s.startsWith('IP:'));
		return {
			folder: f.folder,
			bind: ip ? sanValue(ip) : local ? '127.0.0.1' : '0.0.0.0',
			port: local ? kit.defaultPort + k : kit.defaultPort,
			host: sans[0] ? sanValue(sans[0]) : 'localhost'
		};
	});
}

function sanValue(san: string): string {
	return san.slice(san.indexOf(':') + 1);
}

function at(folder: string, path: string): string {
	return folder === '' ? path : `${folder}/${path}`;
}

/** The script that starts every server of the bundle on this machine, each from a run folder of its own. */
export function kitStartScript(kit: ServerKit, servers: readonly KitServer[], clientDir: string | undefined): string {
	const base = servers[0]?.port ?? kit.defaultPort;
	const copy = [
		kit.reads.public.length ? `\tcp ${kit.reads.public.map((f) => `"$folder/${f}"`).join(' ')} "$run/"` : '',
		...kit.reads.secret.map((f) => `\tinstall -m 0600 "$folder/${f}" "$run/${f}"`)
	].filter(Boolean);
	const first = servers[0];
	const tryLines =
		first && clientDir !== undefined
			? kit.clientCommands(clientDir, first.host, '$base').map((c) => `echo "  ${c}"`)
			: [];
	return `${scriptHeader(
		`Runs the ${servers.length} ${kit.program} server(s) of this zip on this machine, each requiring a client certificate from its CA.`,
		[
			`LAB_BASE_PORT: server k (in folder order) listens on base + k - 1 (default ${base}, the port its ${kit.configFile} names).`,
			'LAB_DATA_DIR (default ./data) holds a run folder per server: copies of its files, logs, pid and temp files.',
			'The servers run in the foreground of this script; Ctrl-C or TERM stops them.'
		]
	)}base="\${LAB_BASE_PORT:-${base}}"
data="\${LAB_DATA_DIR:-./data}"
mkdir -p "$data"
data="$(cd "$data" && pwd)"
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

# serve <server folder> <port> <run folder name>
serve() {
	local folder="$1" port="$2"
	local run="$data/$3"
	mkdir -p "$run"
	chmod 700 "$run"
${copy.join('\n')}
${kit.serve.map((l) => `\t${l}`).join('\n')}
}

${servers.map((s, k) => `serve "${s.folder || '.'}" "$((base + ${k}))" "${s.folder || 'server'}"`).join('\n')}

echo "${kit.program} started; logs in $data/<server>.log. Try:"
${tryLines.join('\n')}
wait
`;
}

/** README.txt of a kit: the files, where the server reads them, how to start it and the client commands. */
export function kitReadme(kit: ServerKit, summary: BundleSummary, scriptWritten: boolean): string {
	const servers = kitServers(kit, summary);
	const clientFolder = summary.folders.find((f) => f.leaves.some((l) => l.kindId === 'client'));
	const clientDir = clientFolder ? at(clientFolder.folder, '') : undefined;
	const first = servers[0];
	const where = (s: KitServer) => `${s.folder || 'this folder'} on ${hostPort(s.bind, s.port)}`;
	return `${kit.program} with client certificates, issued by "${summary.caName}"
==================================================

Folders: ${summary.folders.map((f) => f.folder || '.').join(', ')}

A server folder holds ${[kit.configFile, ...kit.reads.public, ...kit.reads.secret].join(', ')}:
its ${kit.configFile} names those files by their bare names, requires a client certificate
that chains to ca.crt and accepts TLS 1.2 or newer only.
A client folder holds ca.crt, client.crt and client.key (CN = the client's name).
${servers.length ? `\nListening: ${listening(servers.map(where))}\n` : ''}${
		scriptWritten
			? `
Start (from this folder): ./start-${kit.program.toLowerCase()}.sh
  It runs every server in the foreground (Ctrl-C stops them), each from its own run folder under
  LAB_DATA_DIR (default ./data). LAB_BASE_PORT=<port> moves the first server's port (the next ones follow).
`
			: ''
	}${kit.check ? `\nCheck a config (from its server folder): ${kit.check}\n` : ''}${
		first && clientDir !== undefined
			? `
Client (accepted):
${kit
	.clientCommands(clientDir, first.host, first.port)
	.map((c) => `  ${c}`)
	.join('\n')}
Without a client certificate: ${kit.refusal}
`
			: ''
	}
Docs: ${kit.docs.join('\n      ')}

The CA private key is not in this zip. Keys are mode 0600; restore with chmod 600 if your unzip
tool dropped the modes.
`;
}

/** The first servers' addresses; a 1,000-node lab's README does not list a thousand. */
function listening(addresses: string[]): string {
	const shown = addresses.slice(0, 5).join(', ');
	return addresses.length > 5 ? `${shown} and ${addresses.length - 5} more (the next ports)` : shown;
}

/** The files of a kit beside the certificates: a config per server folder and, when all are local, the start script. */
export function kitFiles(kit: ServerKit, summary: BundleSummary): LabFile[] {
	const servers = kitServers(kit, summary);
	const files: LabFile[] = servers.map((s) => ({ path: at(s.folder, kit.configFile), text: kit.config(s) }));
	if (startsHere(servers)) {
		const client = summary.folders.find((f) => f.leaves.some((l) => l.kindId === 'client'));
		files.push({
			path: `start-${kit.program.toLowerCase()}.sh`,
			text: kitStartScript(kit, servers, client ? at(client.folder, '') : undefined),
			executable: true
		});
	}
	return files;
}

/** A start script is written when there is a server and every one listens on loopback. */
function startsHere(servers: readonly KitServer[]): boolean {
	return servers.length > 0 && servers.every((s) => isLoopback(s.bind));
}

/**
 * The writer of a kit: README and files from the summary for a bundle and a lab alike (the lab adds
 * nothing of its own but lab.json), and the lab's inputs from the mutual-TLS profile.
 */
export function kitWriter(kit: ServerKit, profileId: string): ProfileWriter {
	return {
		readme: (summary) => kitReadme(kit, summary, startsHere(kitServers(kit, summary))),
		snippets: (summary) => kitFiles(kit, summary),
		lab: { ...mutualTlsLabInputs(kitFields(profileId)), files: () => [] }
	};
}

/** curl with the client folder's certificate, for the HTTPS kits (nginx, HAProxy). */
export function curlCommands(dir: string, host: string, port: number | string): string[] {
	return [`curl --cacert ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key https://${hostPort(host, port)}/`];
}
