/**
 * Test support only (never imported by the app): certificates made by the real `openssl` CLI, laid
 * out as a certs-dir on disk, so lint rules are proven on files other tools write (RSA PKCS#1 and
 * SEC1 keys, OpenSSL's own extension encodings), not only on our own.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { InputFile } from '../parse/types';

const openssl = (args: string[], cwd: string) =>
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

export interface LeafSpec {
	cn: string;
	/** openssl extension lines, e.g. "extendedKeyUsage=serverAuth". */
	ext?: string[];
	days?: number;
	key?: 'rsa' | 'ec';
	/** Which CA (by its folder-relative base name without .crt) signs it. */
	ca?: string;
	keyMode?: number;
	/** Write no key file. */
	noKey?: boolean;
}

export class OpensslDir {
	readonly root = mkdtempSync(join(tmpdir(), 'lint-openssl-'));

	/** A PKCS#1 ("RSA PRIVATE KEY", -traditional) or SEC1 ("EC PRIVATE KEY") key, as cockroach cert and consul tls write them. */
	key(path: string, type: 'rsa' | 'ec', mode = 0o600): string {
		const file = join(this.root, path);
		mkdirSync(join(file, '..'), { recursive: true });
		if (type === 'rsa') openssl(['genrsa', '-traditional', '-out', file, '2048'], this.root);
		else openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file], this.root);
		chmodSync(file, mode);
		return file;
	}

	/** A self-signed CA (EC by default: fast) at <path>.crt with its key in <dir>/.private (not part of the certs-dir). */
	ca(path: string, cn: string, ext: string[] = [], keyType: 'rsa' | 'ec' = 'ec'): void {
		const key = this.key(`.private/${path.replace(/\//g, '_')}.key`, keyType);
		const crt = join(this.root, `${path}.crt`);
		mkdirSync(join(crt, '..'), { recursive: true });
		const adds = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', ...ext].flatMap((e) => [
			'-addext',
			e
		]);
		openssl(
			['req', '-x509', '-new', '-key', key, '-subj', `/CN=${cn}`, '-days', '30', '-out', crt, ...adds],
			this.root
		);
	}

	/** A leaf <path>.crt (+ <path>.key) signed by the CA at <spec.ca>.crt. */
	leaf(path: string, spec: LeafSpec): void {
		const caPath = spec.ca ?? 'ca';
		const caKey = join(this.root, `.private/${caPath.replace(/\//g, '_')}.key`);
		const keyFile = spec.noKey
			? this.key(`.private/${path.replace(/\//g, '_')}.leaf.key`, spec.key ?? 'ec')
			: this.key(`${path}.key`, spec.key ?? 'ec', spec.keyMode);
		const csr = join(this.root, '.private/req.csr');
		const extFile = join(this.root, '.private/ext.cnf');
		openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${spec.cn}`, '-out', csr], this.root);
		writeFileSync(extFile, ['basicConstraints=critical,CA:FALSE', ...(spec.ext ?? [])].join('\n') + '\n');
		openssl(
			[
				'x509',
				'-req',
				'-in',
				csr,
				'-CA',
				join(this.root, `${caPath}.crt`),
				'-CAkey',
				caKey,
				'-set_serial',
				`0x${Math.floor(Math.random() * 2 ** 48).toString(16)}1`,
				'-days',
				String(spec.days ?? 30),
				'-extfile',
				extFile,
				'-out',
				join(this.root, `${path}.crt`)
			],
			this.root
		);
	}

	/** Copies bytes to another file name (e.g. a wrong key), with a mode. */
	copy(from: string, to: string, mode = 0o600): void {
		writeFileSync(join(this.root, to), readFileSync(join(this.root, from)));
		chmodSync(join(this.root, to), mode);
	}

	/** The files of one folder (or all, without .private), as the inspector receives a dropped certs-dir. */
	files(under = ''): InputFile[] {
		const base = join(this.root, under);
		return (readdirSync(base, { recursive: true, encoding: 'utf8' }) as string[])
			.filter((p) => !p.startsWith('.private') && statSync(join(base, p)).isFile())
			.sort()
			.map((p) => ({
				name: relative(this.root, join(base, p)),
				bytes: new Uint8Array(readFileSync(join(base, p))),
				mode: statSync(join(base, p)).mode & 0o7777
			}));
	}

	remove(): void {
		rmSync(this.root, { recursive: true, force: true });
	}
}

/** Parses dropped files and lints them against a target, as the inspector does. */
export async function lintDropped(
	files: InputFile[],
	targetId: string,
	options: { hosts?: string[]; now?: Date } = {}
) {
	const { parseInputs } = await import('../parse/parse');
	const { lintFiles } = await import('./inputs');
	const { runLint } = await import('./run');
	const { lintTarget } = await import('./targets');
	const parsed = await parseInputs(files, { crypto: globalThis.crypto });
	if (parsed.problems.length)
		throw new Error(`fixture did not parse: ${parsed.problems.map((p) => p.error.message).join('; ')}`);
	const report = await runLint(lintTarget(targetId), {
		...lintFiles(parsed.items),
		hosts: options.hosts ?? [],
		trusted: [],
		now: options.now ?? new Date(),
		crypto: globalThis.crypto
	});
	const rule = (id: string) => {
		const r = report.results.find((x) => x.id === id);
		if (!r) throw new Error(`no rule ${id} in ${targetId}`);
		return r;
	};
	return {
		report,
		rule,
		messages: (id: string) =>
			rule(id)
				.findings.map((f) => f.message)
				.join('\n')
	};
}
