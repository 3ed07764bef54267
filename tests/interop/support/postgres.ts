import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { describeRun, run, type RunResult } from './run';

/**
 * Debian's server binaries (not on PATH; /usr/bin/psql is pg_wrapper). PG_BIN overrides; otherwise
 * the newest /usr/lib/postgresql/<major>/bin that has initdb.
 */
export function postgresBin(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
	const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
	if (newest === undefined)
		throw new Error(
			`PostgreSQL server binaries not found under ${root}: install Debian's postgresql (.ci/run does) or set PG_BIN`
		);
	return join(root, newest, 'bin');
}

export interface ServerTls {
	cert: string;
	key: string;
	ca: string;
}

export interface PostgresServer {
	port: number;
	/** Runs psql as the current user with the given libpq connection string. */
	psql: (conninfo: string, sql: string) => Promise<RunResult>;
	/** The server log, for assertion messages. */
	log: () => string;
	stop: () => Promise<void>;
}

interface Owner {
	uid: number;
	gid: number;
}

/**
 * The postmaster refuses to run as root, so as root (CI) the cluster runs as the postgres user via
 * runuser; as anyone else it runs as that user.
 */
async function clusterOwner(): Promise<Owner | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const uid = await run('id', ['-u', 'postgres']);
	const gid = await run('id', ['-g', 'postgres']);
	if (uid.code !== 0 || gid.code !== 0)
		throw new Error('Running as root, but there is no postgres user to run the server as');
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function asOwner(owner: Owner | undefined, command: string, args: string[], cwd: string): Promise<RunResult> {
	const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
	if (owner === undefined) return run(command, args, { cwd, env, timeoutMs: 90_000 });
	return run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd, env, timeoutMs: 90_000 });
}

/**
 * A throwaway cluster on 127.0.0.1:<free port> that serves TLS with the bundle's node certificate
 * and authenticates TCP clients only by certificate. Roles root and marc exist and may log in, so
 * a refusal for marc can only come from the certificate check.
 */
export async function startPostgres(tls: ServerTls, roles: readonly string[]): Promise<PostgresServer> {
	const bin = postgresBin();
	const owner = await clusterOwner();
	const root = await mkdtemp(join(tmpdir(), 'interop-pg-'));
	const data = join(root, 'data');
	const socketDir = join(root, 'sock');
	const certDir = join(root, 'tls');
	const logFile = join(root, 'server.log');
	const own = async (path: string) => {
		if (owner) await chown(path, owner.uid, owner.gid);
	};
	let started = false;
	const pgCtl = (args: string[]) => asOwner(owner, join(bin, 'pg_ctl'), ['-D', data, ...args], root);
	const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '(no server log)');
	const stop = async () => {
		if (started) {
			const stopped = await pgCtl(['-m', 'immediate', '-w', '-t', '30', 'stop']);
			if (stopped.code !== 0) killPostmaster(data);
			started = false;
		}
		await rm(root, { recursive: true, force: true });
	};
	try {
		await chmod(root, 0o700);
		await own(root);
		for (const dir of [socketDir, certDir]) {
			await mkdir(dir, { mode: 0o700 });
			await own(dir);
		}
		// The server reads its key as the postgres user and refuses one that group or others may
		// read (PostgreSQL docs, "Secure TCP/IP Connections with SSL" > "Basic Setup": owned by the
		// database user and no group/world access, or owned by root and at most 0640). copyFile keeps
		// the mode the zip gave the key, so a key unzipped with a looser mode makes the server fail.
		const files = { cert: join(certDir, 'node.crt'), key: join(certDir, 'node.key'), ca: join(certDir, 'ca.crt') };
		for (const name of ['cert', 'key', 'ca'] as const) {
			await copyFile(tls[name], files[name]);
			await own(files[name]);
		}
		const init = await asOwner(
			owner,
			join(bin, 'initdb'),
			[
				'-D',
				data,
				'-U',
				'postgres',
				'-E',
				'UTF8',
				'--locale=C',
				'--auth-local=trust',
				'--auth-host=reject',
				'--no-sync'
			],
			root
		);
		if (init.code !== 0) throw new Error(`initdb failed\n${describeRun(init)}`);
		const port = await freePort();
		const settings = {
			listen_addresses: '127.0.0.1',
			port: String(port),
			unix_socket_directories: socketDir,
			ssl: 'on',
			ssl_cert_file: files.cert,
			ssl_key_file: files.key,
			ssl_ca_file: files.ca,
			fsync: 'off',
			log_connections: 'on'
		};
		const conf = Object.entries(settings)
			.map(([k, v]) => `${k} = '${v}'`)
			.join('\n');
		await writeFile(join(data, 'postgresql.conf'), `\n# interop test\n${conf}\n`, { flag: 'a' });
		// "cert" authenticates by client certificate alone: it must chain to ssl_ca_file and its CN
		// must equal the requested user name (PostgreSQL docs, "Client Authentication" >
		// "Certificate Authentication"; "Secure TCP/IP Connections with SSL" > "Using Client Certificates").
		// The Unix socket, in a folder only postgres can enter, is only for creating roles.
		const hba = ['local all postgres trust', 'hostssl all all 127.0.0.1/32 cert'].join('\n');
		await writeFile(join(data, 'pg_hba.conf'), `${hba}\n`);
		const start = await pgCtl(['-l', logFile, '-w', '-t', '60', 'start']);
		started = true;
		if (start.code !== 0) throw new Error(`pg_ctl start failed\n${describeRun(start)}\n--- server log ---\n${log()}`);
		const sql = roles.map((role) => `CREATE ROLE "${role}" LOGIN;`).join(' ');
		const created = await asOwner(
			owner,
			join(bin, 'psql'),
			[
				'-X',
				'-v',
				'ON_ERROR_STOP=1',
				'-h',
				socketDir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				'postgres',
				'-c',
				sql
			],
			root
		);
		if (created.code !== 0) throw new Error(`creating roles failed\n${describeRun(created)}`);
		const psql = (conninfo: string, query: string) =>
			run(join(bin, 'psql'), ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', conninfo, '-c', query], {
				// Only what the connection string says: no PG* variables or ~/.postgresql files sneak in.
				env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root, PGCONNECT_TIMEOUT: '10' },
				timeoutMs: 30_000
			});
		return { port, psql, log, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Last resort when pg_ctl cannot stop the server: never leave a postmaster behind. */
function killPostmaster(data: string): void {
	const pidFile = join(data, 'postmaster.pid');
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
	if (Number.isInteger(pid) && pid > 0) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
}
