import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { checkCause, recogniseError } from '../pki/explain/diagnose';
import { CRDB_FAULTS, crdbCertsDir, type CrdbFault } from '../pki/inspect/crdb-fault-fixtures';
import type { OpensslDir } from '../pki/lint/openssl-fixtures';
import { handshake, inspect, type InspectReport } from './inspect';

/**
 * Each classic CockroachDB certs-dir fault, made with openssl and dropped as a plain folder, is named by
 * the inspector with no help from the user; the healthy folder passes every check.
 */
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date() };
const dirs = new Map<CrdbFault, OpensslDir>();
beforeAll(() => {
	for (const f of CRDB_FAULTS) dirs.set(f, crdbCertsDir(f));
}, 120_000);
afterAll(() => dirs.forEach((d) => d.remove()));

const base = { target: 'cockroachdb', hosts: [] as string[], vaultCas: [] };

/** The files as a browser hands over a dropped folder: names and bytes, no Unix modes. */
const folder = (fault: CrdbFault) =>
	dirs
		.get(fault)!
		.files('certs')
		.map(({ name, bytes }) => ({ name, bytes }));

async function dropped(fault: CrdbFault, modesText?: string) {
	const files = folder(fault);
	const report = await inspect({ ...base, files, ...(modesText ? { modesText } : {}) }, deps);
	const { server, client, host, user } = report.roles;
	const hs = await handshake(
		{
			host: host!,
			fault: 'none',
			source: { kind: 'files', files, vaultCas: [], server: server!, client: client!, expectedUser: user! }
		},
		deps
	);
	return { report, hs };
}
const chain = (r: InspectReport, label: string) => r.chains.find((c) => c.label === label)!.verdict;
const lintMessages = (r: InspectReport, id: string) =>
	r.lint.results
		.find((x) => x.id === id)!
		.findings.map((f) => f.message)
		.join('\n');

describe('a plain folder drop names each fault', () => {
	test('healthy: every check passes and the handshake succeeds, with the drop as defaults', async () => {
		const { report, hs } = await dropped('healthy');
		expect(report.roles.host).toBe('node1.example.com');
		expect(report.roles.user).toBe('root');
		expect(report.summary.filesWithErrors).toEqual([]);
		expect(report.summary.words).toMatch(/no problems found/);
		expect(report.findings).toEqual([]);
		expect(report.chains.every((c) => c.verdict.ok)).toBe(true);
		expect(hs.ok).toBe(true);
		expect(hs.unchecked).toEqual([]);
		expect(hs.steps.every((s) => s.ok)).toBe(true);
		expect(hs.steps.map((s) => s.id)).toContain('server-proves-key');
	});

	test('node.crt expired: a time problem, said with its date, and the handshake fails at the client', async () => {
		const { report, hs } = await dropped('node-expired');
		expect(chain(report, 'certs/node.crt').words).toMatch(
			/^expired on 2021-01-01 \([\d,]+ days ago\); its chain reaches the trusted 'certs\/ca\.crt'$/
		);
		expect(hs.failedStep).toBe('client-checks-server');
		const step = hs.steps.find((s) => s.id === 'client-checks-server')!;
		expect(step.verify?.error?.code).toBe('expired');
		expect(step.fix).toMatch(/Issue certs\/node\.crt again/);
		expect(report.summary.filesWithErrors).toContain('certs/node.crt');
	});

	test('client certificate from another CA: a trust problem at the server', async () => {
		const { report, hs } = await dropped('client-other-ca');
		expect(chain(report, 'certs/client.root.crt').words).toBe('not trusted: its issuer is missing');
		expect(hs.failedStep).toBe('server-checks-client');
		expect(hs.steps.find((s) => s.id === 'server-checks-client')!.reason).toMatch(/Some Other CA/);
	});

	test('node.crt names only localhost: flagged, and the passing handshake carries the warning', async () => {
		const { report, hs } = await dropped('node-loopback-only');
		const f = report.findings.find((x) => x.topic === 'loopback')!;
		expect(f.file).toBe('certs/node.crt');
		expect(f.message).toMatch(
			/node\.crt names only this machine \(localhost, 127\.0\.0\.1\): other nodes dial this node/
		);
		expect(hs.notes.join()).toMatch(/names only this machine/);
		expect(report.summary.filesWithWarnings).toContain('certs/node.crt');
	});

	test('node.crt without clientAuth: the CockroachDB rule and the handshake explainer both name it', async () => {
		const { report, hs } = await dropped('node-no-client-auth');
		expect(lintMessages(report, 'crdb-node-eku')).toMatch(/lacks clientAuth/);
		expect(hs.failedStep).toBe('peer-checks-server-as-client');
		const step = hs.steps.find((s) => s.id === 'peer-checks-server-as-client')!;
		expect(step.title).toMatch(/other nodes check certs\/node\.crt for clientAuth/);
		expect(step.verify?.error?.code).toBe('purpose');
		expect(step.fix).toMatch(/extendedKeyUsage = clientAuth/);
		expect(report.summary.filesWithErrors).toContain('certs/node.crt');
	});

	test('client.maxroach.crt with CN=root: the server maps it to another user', async () => {
		const { report, hs } = await dropped('client-cn-other-user');
		expect(report.roles.user).toBe('maxroach');
		expect(hs.failedStep).toBe('server-maps-identity');
		const step = hs.steps.find((s) => s.id === 'server-maps-identity')!;
		expect(step.reason).toMatch(/CN=root.*"maxroach"/);
		expect(step.fix).toMatch(/CN=maxroach/);
	});

	test('node.key readable by everyone: unknown from a folder, named once ls -l is pasted', async () => {
		const plain = await dropped('node-key-world-readable');
		expect(plain.report.keyModes.find((k) => k.file === 'certs/node.key')?.verdict).toBeUndefined();
		expect(plain.report.summary.words).toMatch(/the mode of 2 key files is not known yet/);
		const ls = execFileSync('ls', ['-l'], { cwd: join(dirs.get('node-key-world-readable')!.root, 'certs') }).toString();
		const { report } = await dropped('node-key-world-readable', ls);
		const row = report.keyModes.find((k) => k.file === 'certs/node.key')!;
		expect(row).toMatchObject({ mode: 0o644, from: 'ls -l' });
		expect(row.verdict?.ok).toBe(false);
		expect(report.findings.find((f) => f.topic === 'key-mode')?.message).toMatch(
			/node\.key has mode 0644 \(-rw-r--r--\): readable by its group and every user; CockroachDB refuses it/
		);
		expect(report.lint.results.find((x) => x.id === 'crdb-key-mode')?.status).toBe('fail');
		expect(report.keyModes.find((k) => k.file === 'certs/client.root.key')?.verdict?.ok).toBe(true);
	});

	test('node.key that is not node.crt’s key: the handshake fails where the server signs', async () => {
		const { report, hs } = await dropped('node-key-not-its-own');
		expect(hs.ok).toBe(false);
		expect(hs.failedStep).toBe('server-proves-key');
		const step = hs.steps.find((s) => s.id === 'server-proves-key')!;
		expect(step.reason).toMatch(/node\.key does not belong to certs\/node\.crt/);
		expect(step.file).toBe('node.key');
		expect(
			report.graph.edges.some((e) => e.kind === 'key' && !e.ok && /node\.key does not belong/.test(e.reason))
		).toBe(true);
	});
});

describe('fault switches on dropped files', () => {
	test('each fault breaks a copy of the healthy files at its step, the dropped keys still proving possession', async () => {
		const files = folder('healthy');
		const report = await inspect({ ...base, files }, deps);
		const { server, client, host, user } = report.roles;
		const want = {
			expired: 'client-checks-server',
			'not-yet-valid': 'server-checks-client',
			'wrong-ca': 'client-checks-server',
			'missing-san': 'client-checks-server',
			'server-auth-only-client': 'server-checks-client',
			'cn-mismatch': 'server-maps-identity',
			revoked: 'server-checks-client'
		} as const;
		for (const [fault, step] of Object.entries(want)) {
			const hs = await handshake(
				{
					host: host!,
					fault: fault as keyof typeof want,
					source: { kind: 'files', files, vaultCas: [], server: server!, client: client!, expectedUser: user! }
				},
				deps
			);
			expect(hs.failedStep, fault).toBe(step);
			expect(hs.experiment, fault).toMatch(/^Experiment on your files/);
			expect(
				hs.steps.filter((s) => s.id.endsWith('proves-key')).every((s) => s.ok && !s.unchecked),
				fault
			).toBe(true);
		}
	});
});

describe('a pasted error message is checked against the drop', () => {
	test('"unknown authority" on the other-CA folder: the trust cause is found, the date cause is not', async () => {
		const { report } = await dropped('client-other-ca');
		const pasted = recogniseError('ERROR: x509: certificate signed by unknown authority');
		expect(pasted.recognised.map((r) => r.message.id)).toEqual(['go-unknown-authority']);
		const evidence = {
			certificates: 3,
			keys: 2,
			lint: report.lint,
			chains: report.chains,
			findings: report.findings,
			keyModes: report.keyModes,
			graph: report.graph
		};
		expect(checkCause('untrusted', evidence).state).toBe('found');
		expect(checkCause('expired', evidence).state).toBe('not-found');
		expect(checkCause('key-mode', evidence).state).toBe('unknown');
	});
});
