import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { describeRun, run } from './support/run';

/**
 * Pre-signed OCSP responses (RFC 6960) from tests/e2e/ocsp.spec.ts, proven by their consumers:
 * `openssl ocsp -respin` verifies every response against the CA; the real nginx (ssl_stapling_file,
 * https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling_file) and HAProxy (`<crt>.ocsp`,
 * https://docs.haproxy.org/2.6/configuration.html#5.1-crt) staple one, which `openssl s_client
 * -status` sees; and the lab responder started from the zip answers "revoked" for the revoked client.
 */
const CERTS = 'cockroachdb-certs-ocsp-root-ca.zip';
const BY_CA = 'ocsp-ocsp-root-ca-by-ca.zip';
const DELEGATED = BUNDLES.ocspResponder;
/** The CA's OCSP URL in tests/e2e/ocsp.spec.ts; the start script listens on its port. */
const RESPONDER_PORT = 24681;
const NGINX_PORT = 24682;
const HAPROXY_PORT = 24683;

let certs: Unzipped;
let byCa: Unzipped;
let delegated: Unzipped;
const work = mkdtempSync(join(tmpdir(), 'interop-ocsp-'));
const servers: ChildProcess[] = [];

beforeAll(async () => {
	[certs, byCa, delegated] = await Promise.all([unzipBundle(CERTS), unzipBundle(BY_CA), unzipBundle(DELEGATED)]);
});

afterAll(async () => {
	for (const server of servers) {
		if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
	}
	await Promise.all([certs, byCa, delegated].map((u) => u?.remove()));
	rmSync(work, { recursive: true, force: true });
});

interface ResponseLine {
	file: string;
	serial: string;
	status: 'good' | 'revoked';
}

function responses(zip: Unzipped): ResponseLine[] {
	const [, ...lines] = readFileSync(zip.path('responses.txt'), 'utf8').trim().split('\n');
	return lines.map((line) => {
		const [file, serial, status] = line.split('\t');
		return { file: file!, serial: serial!, status: status as ResponseLine['status'] };
	});
}

/** The certificate a response belongs to: the same path in the certs-dir zip, without ".ocsp". */
const certificateOf = (line: ResponseLine) => certs.path(line.file.replace(/\.ocsp$/, ''));

function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Starts a server and waits until it is ready: its port accepts connections, or, when `readyLine` is
 * given, it printed that line (openssl ocsp serves one connection at a time and waits on a probe
 * connection that sends nothing). It is killed in afterAll.
 */
async function start(
	command: string,
	args: string[],
	port: number,
	cwd = work,
	readyLine?: string
): Promise<() => string> {
	const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	servers.push(child);
	let output = '';
	child.stdout?.setEncoding('utf8').on('data', (c: string) => (output += c));
	child.stderr?.setEncoding('utf8').on('data', (c: string) => (output += c));
	for (let i = 0; i < 100; i++) {
		if (readyLine ? output.includes(readyLine) : await listening(port)) return () => output;
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${command} did not listen on ${port}:\n${output}`);
}

/** What a TLS client that asks for a stapled response (status_request, RFC 6066 §8) is sent. */
async function stapled(port: number) {
	const result = await run('openssl', [
		's_client',
		'-connect',
		`127.0.0.1:${port}`,
		'-status',
		'-CAfile',
		byCa.path('ca.crt'),
		'-verify_return_error'
	]);
	return { ...result, text: describeRun(result) };
}

describe.each([
	['signed by the CA', () => byCa],
	['signed by a delegated responder', () => delegated]
])('openssl ocsp -respin verifies every response %s', (_, zip) => {
	test('good and revoked, each for its own certificate', async () => {
		const lines = responses(zip());
		expect(lines.map((l) => l.status).sort()).toEqual(['good', 'good', 'revoked']);
		for (const line of lines) {
			const result = await run('openssl', [
				'ocsp',
				'-respin',
				zip().path(line.file),
				'-CAfile',
				zip().path('ca.crt'),
				'-issuer',
				zip().path('ca.crt'),
				'-cert',
				certificateOf(line),
				'-resp_text'
			]);
			const text = describeRun(result);
			expect(result.code, text).toBe(0);
			expect(text).toContain('Response verify OK');
			expect(text).toMatch(new RegExp(`: ${line.status}\\n\\s+This Update: `));
			// "WARNING: no nonce in response" is expected of a pre-signed response; stale times are not.
			expect(text).not.toContain('Status times invalid');
		}
		const revoked = lines.find((l) => l.status === 'revoked')!;
		expect(revoked.file).toMatch(/client\.alice\.crt\.ocsp$/);
	});
});

describe('stapled by the real servers', () => {
	const node = () => responses(byCa).find((l) => /(^|\/)node\.crt\.ocsp$/.test(l.file))!;

	test('nginx: ssl_stapling on with ssl_stapling_file', async () => {
		const dir = join(work, 'nginx');
		const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
		rmSync(dir, { recursive: true, force: true });
		await run('mkdir', ['-p', dir]);
		writeFileSync(
			join(dir, 'nginx.conf'),
			`daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events {}
http {
	access_log off;
	${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n\t')}
	server {
		listen 127.0.0.1:${NGINX_PORT} ssl;
		ssl_certificate ${certificateOf(node())};
		ssl_certificate_key ${certificateOf(node()).replace(/\.crt$/, '.key')};
		ssl_stapling on;
		ssl_stapling_file ${byCa.path(node().file)};
		location / { return 200 "ok\\n"; }
	}
}
`
		);
		const check = await run('/usr/sbin/nginx', ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir]);
		expect(check.code, describeRun(check)).toBe(0);
		await start('/usr/sbin/nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], NGINX_PORT);
		const result = await stapled(NGINX_PORT);
		expect(result.text).toContain('OCSP Response Status: successful (0x0)');
		expect(result.text).toMatch(/Cert Status: good/);
		expect(result.text).toContain('Verify return code: 0 (ok)');
	});

	test('HAProxy: <crt>.ocsp beside the crt file', async () => {
		const dir = join(work, 'haproxy');
		await run('mkdir', ['-p', dir]);
		const pemFile = join(dir, 'site.pem');
		// One PEM with the certificate, its issuer (HAProxy matches the response's CertID with it) and the key.
		writeFileSync(
			pemFile,
			[certificateOf(node()), byCa.path('ca.crt'), certificateOf(node()).replace(/\.crt$/, '.key')]
				.map((f) => readFileSync(f, 'utf8'))
				.join('')
		);
		copyFileSync(byCa.path(node().file), `${pemFile}.ocsp`);
		writeFileSync(
			join(dir, 'haproxy.cfg'),
			`global
	log stderr format raw local0 warning
defaults
	mode http
	timeout connect 5s
	timeout client 5s
	timeout server 5s
frontend tls
	bind 127.0.0.1:${HAPROXY_PORT} ssl crt ${pemFile}
	http-request return status 200 content-type text/plain string ok
`
		);
		const check = await run('haproxy', ['-c', '-f', join(dir, 'haproxy.cfg')]);
		expect(check.code, describeRun(check)).toBe(0);
		await start('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], HAPROXY_PORT, dir);
		const result = await stapled(HAPROXY_PORT);
		expect(result.text).toContain('OCSP Response Status: successful (0x0)');
		expect(result.text).toMatch(/Cert Status: good/);
		expect(result.text).toContain('Verify return code: 0 (ok)');
	});
});

describe('the lab responder started from the zip', () => {
	test('answers revoked for the revoked client and good for the others, at the URL the certificates name', async () => {
		const lines = responses(delegated);
		// The certificates name the responder: their AIA carries the CA's OCSP URL.
		const aia = await run('openssl', ['x509', '-noout', '-ocsp_uri', '-in', certificateOf(lines[0]!)]);
		expect(aia.stdout.trim()).toBe(`http://127.0.0.1:${RESPONDER_PORT}/`);
		await start(
			'bash',
			[delegated.path('responder', 'start-ocsp-responder.sh')],
			RESPONDER_PORT,
			work,
			'waiting for OCSP client connections'
		);
		for (const line of lines) {
			const result = await run('openssl', [
				'ocsp',
				'-url',
				aia.stdout.trim(),
				'-issuer',
				delegated.path('ca.crt'),
				'-cert',
				certificateOf(line),
				'-CAfile',
				delegated.path('ca.crt')
			]);
			const text = describeRun(result);
			expect(result.code, text).toBe(0);
			expect(text).toContain('Response verify OK');
			expect(text).toMatch(new RegExp(`: ${line.status}\\n`));
		}
	});
});
