import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipBundle, type Unzipped } from './bundles';
import { run, type RunResult } from './run';

/** One kit zip as its README says to use it: unzipped, started with its start script on our ports. */
export interface RunningKit {
	zip: Unzipped;
	readme: string;
	/** The client folder with a slash ('client-client/' in a lab, '' in a single-server bundle). */
	clientDir: string;
	/** Server folders in order ('node1'…, or '' for the bundle) and the port each listens on. */
	servers: { folder: string; port: number }[];
	/** What the start script and the servers printed so far. */
	log: () => string;
	stop: () => Promise<void>;
}

/** The two zips of a kit, each with the first of the ports it may use (interop tests use 127.0.0.1:24400-24499). */
export function kitCases(lab: string, bundle: string, base: number) {
	return [
		{ name: `lab (${lab})`, zip: lab, base, servers: ['node1', 'node2', 'node3'], clientDir: 'client-client/' },
		{ name: `single-server bundle (${bundle})`, zip: bundle, base: base + 5, servers: [''], clientDir: '' }
	];
}

function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts `start-<program>.sh` from the unzipped kit as its README says, with the ports moved by
 * LAB_BASE_PORT and the run folders in a temp dir of this test (LAB_DATA_DIR), both documented in the
 * script and the README; waits until every server accepts connections. The script and its servers
 * share a new process group, stopped as one by stop().
 */
export async function startKit(
	zipName: string,
	script: string,
	kit: { base: number; servers: string[]; clientDir: string }
): Promise<RunningKit> {
	const zip = await unzipBundle(zipName);
	const work = await mkdtemp(join(tmpdir(), 'interop-kit-'));
	const readme = await readFile(zip.path('README.txt'), 'utf8');
	let output = '';
	const child: ChildProcess = spawn('bash', [zip.path(script)], {
		env: {
			PATH: process.env.PATH ?? '/usr/bin:/bin',
			LAB_BASE_PORT: String(kit.base),
			LAB_DATA_DIR: join(work, 'data')
		},
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const servers = kit.servers.map((folder, k) => ({ folder, port: kit.base + k }));
	const logs = async () => {
		const names = kit.servers.map((f) => f || 'server');
		const texts = await Promise.all(
			names.map((n) => readFile(join(work, 'data', `${n}.log`), 'utf8').catch(() => '(no log)'))
		);
		return names.map((n, k) => `--- ${n}.log ---\n${texts[k]}`).join('\n');
	};
	const stop = async () => {
		if (child.pid !== undefined) {
			for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
				try {
					process.kill(-child.pid, signal);
				} catch {
					// The group is gone.
				}
				await new Promise((resolve) => setTimeout(resolve, 300));
			}
		}
		await rm(work, { recursive: true, force: true });
		await zip.remove();
	};
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		const up = await Promise.all(servers.map((s) => accepts(s.port)));
		if (up.every(Boolean)) return { zip, readme, clientDir: kit.clientDir, servers, log: () => output, stop };
		if (child.exitCode !== null) break;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	const detail = `${script} did not start every server\n--- ${script} ---\n${output}\n${await logs()}`;
	await stop();
	throw new Error(detail);
}

/** The client folder's TLS options (the CA under `caFlag`; certificate and key unless `withCert` is false). */
export function clientTls(running: RunningKit, withCert: boolean, caFlag = '--cacert'): string[] {
	const file = (name: string) => running.zip.path(`${running.clientDir}${name}`);
	return [caFlag, file('ca.crt'), ...(withCert ? ['--cert', file('client.crt'), '--key', file('client.key')] : [])];
}

/** GET / from a kit's HTTPS server on localhost, as the README's curl command does. */
export function curlKit(running: RunningKit, port: number, withCert: boolean): Promise<RunResult> {
	return run('curl', ['-sS', ...clientTls(running, withCert), `https://localhost:${port}/`]);
}
