import { spawn } from 'node:child_process';

export interface RunResult {
	command: string;
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions {
	/** Written to the program's stdin, which is then closed. */
	input?: string;
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** The program is killed (SIGKILL) after this long, so a hung tool cannot hang the suite. */
	timeoutMs?: number;
}

/**
 * Runs a program to completion and returns its exit status and output. A non-zero exit is a
 * result, not an exception: negative tests assert on it. Only a program that cannot be started
 * at all (not installed) rejects.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
	const line = [command, ...args].join(' ');
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			timeout: options.timeoutMs ?? 30_000,
			killSignal: 'SIGKILL'
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', (error) => reject(new Error(`Could not run ${command} (is it installed?): ${error.message}`)));
		child.on('close', (code, signal) => resolve({ command: line, code, signal, stdout, stderr }));
		// A program that exits before reading its input closes the pipe; that is its business.
		child.stdin.on('error', () => {});
		child.stdin.end(options.input ?? '');
	});
}

/** Everything a failed assertion needs to explain itself. */
export function describeRun(result: RunResult): string {
	const status = result.signal ? `killed by ${result.signal}` : `exited ${result.code}`;
	return `$ ${result.command}\n${status}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}
