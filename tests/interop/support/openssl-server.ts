import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { freePort } from './ports';
import { run, type RunResult } from './run';

export interface OpensslServer {
	port: number;
	/** Everything s_server printed so far (stdout and stderr). */
	output: () => string;
	/** Resolves when s_server has exited (it exits after one connection: -naccept 1). */
	exited: Promise<number | null>;
	stop: () => Promise<void>;
}

export interface ServerFiles {
	cert: string;
	key: string;
	ca: string;
}

/**
 * `openssl s_server` as a mutual-TLS server: -Verify 1 demands a client certificate and
 * -verify_return_error aborts the handshake when it does not verify (without it, s_server only
 * logs the error and carries on; openssl-s_server(1)). -rev echoes each line reversed, so a client
 * can prove data flowed; -naccept 1 makes it exit after one connection.
 */
export async function startOpensslServer(files: ServerFiles, timeoutMs = 15_000): Promise<OpensslServer> {
	const port = await freePort();
	const child: ChildProcessWithoutNullStreams = spawn('openssl', [
		's_server',
		'-accept',
		`127.0.0.1:${port}`,
		'-cert',
		files.cert,
		'-key',
		files.key,
		'-CAfile',
		files.ca,
		'-Verify',
		'1',
		'-verify_return_error',
		'-naccept',
		'1',
		'-rev'
	]);
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		await exited;
	};
	// s_server prints ACCEPT once it listens; a probe connection instead would use up -naccept 1.
	const ready = await new Promise<boolean>((resolve) => {
		const timer = setTimeout(() => resolve(false), timeoutMs);
		const check = () => {
			if (output.includes('ACCEPT')) {
				clearTimeout(timer);
				resolve(true);
			}
		};
		child.stdout.on('data', check);
		child.on('error', () => resolve(false));
		void exited.then(() => resolve(false));
	});
	if (!ready) {
		await stop();
		throw new Error(`openssl s_server did not start listening on ${port}:\n${output}`);
	}
	return { port, output: () => output, exited, stop };
}

export interface ClientFiles {
	cert: string;
	key: string;
	ca: string;
}

/**
 * `openssl s_client` with a client certificate, verifying the server against ca and the name
 * localhost. It sends "ping", then "CLOSE" (s_server -rev closes on it); -ign_eof keeps it reading
 * after its input ends, so a refusal the server sends after the TLS 1.3 handshake still reaches it.
 */
export function opensslClient(port: number, files: ClientFiles): Promise<RunResult> {
	return run(
		'openssl',
		[
			's_client',
			'-connect',
			`127.0.0.1:${port}`,
			'-servername',
			'localhost',
			'-verify_hostname',
			'localhost',
			'-cert',
			files.cert,
			'-key',
			files.key,
			'-CAfile',
			files.ca,
			'-verify_return_error',
			'-ign_eof',
			'-quiet'
		],
		{ input: 'ping\nCLOSE\n', timeoutMs: 15_000 }
	);
}
