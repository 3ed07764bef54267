import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run, type RunResult } from './run';

/**
 * A kit's start script, run as its README says, in a process group of its own so that stop() ends
 * the script and every server it started even when a test failed half-way.
 */
export interface StartedScript {
	output: () => string;
	/** Resolves once the script's output contains `text`; rejects when it exits first or after `timeoutMs`. */
	waitForOutput: (text: string, timeoutMs: number) => Promise<void>;
	stop: () => Promise<void>;
}

export function startScript(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv): StartedScript {
	const child: ChildProcess = spawn(command, args, {
		cwd,
		env: { ...process.env, ...env },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	let exited = false;
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const done = new Promise<void>((resolve) =>
		child.on('exit', () => {
			exited = true;
			resolve();
		})
	);
	const signal = (name: NodeJS.Signals) => {
		try {
			if (child.pid) process.kill(-child.pid, name);
		} catch {
			// The group is gone already.
		}
	};
	const groupAlive = () => {
		try {
			if (child.pid) process.kill(-child.pid, 0);
			return child.pid !== undefined;
		} catch {
			return false;
		}
	};
	return {
		output: () => output,
		async waitForOutput(text, timeoutMs) {
			const end = Date.now() + timeoutMs;
			while (!output.includes(text)) {
				if (exited) throw new Error(`${command} ${args.join(' ')} exited before printing "${text}":\n${output}`);
				if (Date.now() > end) throw new Error(`No "${text}" from ${command} after ${timeoutMs} ms:\n${output}`);
				await new Promise((r) => setTimeout(r, 200));
			}
		},
		async stop() {
			signal('SIGTERM');
			// The script and the servers it started stop on TERM (RabbitMQ's own script then runs
			// rabbitmqctl stop); whatever is left of the group after 20 s is killed.
			const end = Date.now() + 20_000;
			while (groupAlive() && Date.now() < end) await new Promise((r) => setTimeout(r, 250));
			signal('SIGKILL');
			await Promise.race([done, new Promise((r) => setTimeout(r, 2_000))]);
		}
	};
}

/** Retries a client command until it succeeds (the server is up) or `timeoutMs` passes; returns the last result. */
export async function retry(attempt: () => Promise<RunResult>, ok: (r: RunResult) => boolean, timeoutMs: number) {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const result = await attempt();
		if (ok(result) || Date.now() > end) return result;
		await new Promise((r) => setTimeout(r, 500));
	}
}

/**
 * The one line of a README that starts with `start` (after its indentation), so a test runs the
 * client command the README gives, with the port it was started on in place of the default.
 */
export function readmeCommand(readmePath: string, start: string, defaultPort: number, port: number): string {
	const line = readFileSync(readmePath, 'utf8')
		.split('\n')
		.map((l) => l.trim())
		.find((l) => l.startsWith(start));
	if (!line) throw new Error(`${readmePath} has no command starting with ${start}`);
	const command = line.replace(/\s{2,}prints .*$/, '');
	if (!command.includes(String(defaultPort))) throw new Error(`${command} does not name port ${defaultPort}`);
	return command.replaceAll(String(defaultPort), String(port));
}

/** Runs a README command line with bash in the unzipped folder, as a user would paste it. */
export function runReadmeCommand(cwd: string, command: string): Promise<RunResult> {
	return run('bash', ['-c', command], { cwd, timeoutMs: 30_000 });
}
