import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newP256Csr } from '../../src/lib/testing/openssl';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';
import { opensslVerify } from './support/openssl';
import { freePortRange } from './support/ports';
import { describeRun, run, type RunResult } from './support/run';

// A 3-member etcd cluster on loopback, started by the lab's own start-etcd.sh, with mutual TLS on
// the client and the peer ports (--client-cert-auth, --peer-client-cert-auth; etcd v3.4 security
// guide). The members only form a cluster if every member accepts every other member's certificate
// as a server and as a client.

describe(`etcd lab (${BUNDLES.labEtcd})`, () => {
	let lab: Unzipped;
	let work: string;
	let base: number;
	let cluster: ChildProcess | undefined;
	let clusterLog = '';

	const endpoint = (member: number) => `https://127.0.0.1:${base + 2 * (member - 1)}`;
	const etcdctl = (member: number, cert: string, key: string, ...args: string[]): Promise<RunResult> =>
		run(
			'etcdctl',
			[
				'--endpoints',
				endpoint(member),
				'--cacert',
				lab.path('client', 'ca.crt'),
				'--cert',
				cert,
				'--key',
				key,
				'--dial-timeout=5s',
				'--command-timeout=10s',
				...args
			],
			{
				env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ETCDCTL_API: '3' },
				timeoutMs: 30_000
			}
		);
	const asRoot = (member: number, ...args: string[]) =>
		etcdctl(member, lab.path('client', 'client.root.crt'), lab.path('client', 'client.root.key'), ...args);

	beforeAll(async () => {
		lab = await unzipBundle(BUNDLES.labEtcd);
		work = await mkdtemp(join(tmpdir(), 'interop-etcd-'));
		base = await freePortRange(6);
		// detached: the script and the members it starts share a new process group, killed as one in afterAll.
		cluster = spawn('bash', [lab.path('start-etcd.sh')], {
			env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LAB_BASE_PORT: String(base), LAB_DATA_DIR: join(work, 'data') },
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		cluster.stdout?.on('data', (chunk: Buffer) => (clusterLog += chunk.toString()));
		cluster.stderr?.on('data', (chunk: Buffer) => (clusterLog += chunk.toString()));
		const deadline = Date.now() + 60_000;
		let health: RunResult | undefined;
		while (Date.now() < deadline) {
			health = await run(
				'etcdctl',
				[
					'--endpoints',
					[1, 2, 3].map(endpoint).join(','),
					'--cacert',
					lab.path('client', 'ca.crt'),
					'--cert',
					lab.path('client', 'client.root.crt'),
					'--key',
					lab.path('client', 'client.root.key'),
					'endpoint',
					'health'
				],
				{
					env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ETCDCTL_API: '3' },
					timeoutMs: 20_000
				}
			);
			if (health.code === 0) return;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(
			`The etcd lab did not become healthy\n${health ? describeRun(health) : ''}\n--- start-etcd.sh ---\n${clusterLog}`
		);
	}, 90_000);

	afterAll(async () => {
		if (cluster?.pid !== undefined) {
			for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
				try {
					process.kill(-cluster.pid, signal);
				} catch {
					// The group is gone.
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
		if (work) await rm(work, { recursive: true, force: true });
		await lab?.remove();
	});

	test.each(['sslserver', 'sslclient'] as const)(
		'every member.crt verifies against its ca.crt for -purpose %s',
		async (purpose) => {
			for (const node of ['node1', 'node2', 'node3']) {
				const result = await opensslVerify(lab.path(node, 'ca.crt'), purpose, lab.path(node, 'member.crt'));
				expect(result.code, describeRun(result)).toBe(0);
			}
		}
	);

	test('all three members are healthy and joined: member list shows three started members', async () => {
		const members = await asRoot(1, 'member', 'list', '-w', 'simple');
		expect(members.code, describeRun(members)).toBe(0);
		expect(
			members.stdout
				.trim()
				.split('\n')
				.filter((line) => line.includes('started'))
		).toHaveLength(3);
	});

	test('a write through member 1 is read through member 2 with the lab client certificate', async () => {
		const put = await asRoot(1, 'put', 'lab/greeting', 'hello from node1');
		expect(put.code, describeRun(put)).toBe(0);
		expect(put.stdout.trim()).toBe('OK');
		const get = await asRoot(2, 'get', 'lab/greeting', '--print-value-only');
		expect(get.code, describeRun(get)).toBe(0);
		expect(get.stdout.trim()).toBe('hello from node1');
	});

	test('a client certificate from another CA is refused', async () => {
		const other = join(work, 'other');
		const openssl = (...args: string[]) => run('openssl', args, { cwd: work });
		await mkdir(other);
		await writeFile(join(other, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
		const steps = [
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:P-256',
				'-nodes',
				'-keyout',
				join(other, 'ca.key'),
				'-out',
				join(other, 'ca.crt'),
				'-subj',
				'/CN=Other CA',
				'-days',
				'2',
				'-addext',
				'basicConstraints=critical,CA:TRUE',
				'-addext',
				'keyUsage=critical,keyCertSign'
			],
			newP256Csr(join(other, 'client.key'), join(other, 'client.csr'), '/O=etcd/CN=root'),
			[
				'x509',
				'-req',
				'-in',
				join(other, 'client.csr'),
				'-CA',
				join(other, 'ca.crt'),
				'-CAkey',
				join(other, 'ca.key'),
				'-CAcreateserial',
				'-days',
				'1',
				'-out',
				join(other, 'client.crt'),
				'-extfile',
				join(other, 'client.ext')
			]
		];
		for (const step of steps) {
			const made = await openssl(...step);
			expect(made.code, describeRun(made)).toBe(0);
		}
		const refused = await etcdctl(
			3,
			join(other, 'client.crt'),
			join(other, 'client.key'),
			'get',
			'lab/greeting',
			'--print-value-only'
		);
		expect(refused.code, describeRun(refused)).not.toBe(0);
		expect(refused.stdout).not.toContain('hello from node1');
		// The same command with the lab's certificate succeeds, so the refusal is the certificate's.
		const accepted = await asRoot(3, 'get', 'lab/greeting', '--print-value-only');
		expect(accepted.stdout.trim(), describeRun(accepted)).toBe('hello from node1');
	});
});
