import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { OpensslDir } from '../pki/lint/openssl-fixtures';
import { handshake, inspect } from './inspect';

/** The inspector's worker operations, end to end on files made by openssl, as plain data. */
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date() };
let d: OpensslDir;
beforeAll(() => {
	d = new OpensslDir();
	d.ca('dir/ca', 'Worker Test CA');
	d.leaf('dir/node', {
		cn: 'node',
		ca: 'dir/ca',
		key: 'rsa',
		ext: ['extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1']
	});
	d.leaf('dir/client.marc', { cn: 'bob', ca: 'dir/ca', ext: ['extendedKeyUsage=clientAuth'] });
	execFileSync('openssl', [
		'pkcs12',
		'-export',
		'-in',
		join(d.root, 'dir/node.crt'),
		'-inkey',
		join(d.root, 'dir/node.key'),
		'-passout',
		'pass:p12-secret',
		'-out',
		join(d.root, 'node.p12')
	]);
}, 120_000);
afterAll(() => d.remove());

const base = { target: 'cockroachdb', hosts: [] as string[], vaultCas: [] };

describe('inspect operation', () => {
	test('a certs-dir: readable items, trusted chains, the CockroachDB lint with its CN finding', async () => {
		const r = await inspect({ ...base, files: d.files('dir') }, deps);
		expect(r.problems).toEqual([]);
		expect(r.items.map((i) => `${i.view.kind} ${i.label}`)).toEqual([
			'certificate dir/ca.crt',
			'certificate dir/client.marc.crt',
			'private-key dir/client.marc.key',
			'certificate dir/node.crt',
			'private-key dir/node.key'
		]);
		expect(r.chains.map((c) => [c.label, c.result.ok])).toEqual([
			['dir/client.marc.crt', true],
			['dir/node.crt', true]
		]);
		expect(r.lint.results.find((x) => x.id === 'crdb-client-cn')?.findings[0]?.message).toMatch(
			/client\.marc\.crt has CN=bob/
		);
		// Plain data only: it crosses postMessage.
		expect(structuredClone(r)).toEqual(r);
	});

	test('a vault CA is trusted like a dropped root', async () => {
		const ca = d.files('dir').find((f) => f.name.endsWith('ca.crt'))!;
		const der = new Uint8Array(
			Buffer.from(new TextDecoder().decode(ca.bytes).replace(/-----[^-]+-----|\s/g, ''), 'base64')
		);
		const withoutCa = d.files('dir').filter((f) => !f.name.endsWith('ca.crt'));
		expect((await inspect({ ...base, files: withoutCa }, deps)).chains.every((c) => !c.result.ok)).toBe(true);
		const trusted = await inspect({ ...base, files: withoutCa, vaultCas: [{ name: 'My CA', der }] }, deps);
		expect(trusted.chains.every((c) => c.result.ok)).toBe(true);
		expect(trusted.chains[0]!.result.names.at(-1)).toBe('My CA (vault)');
	});

	test('a PKCS#12 asks for its password, refuses a wrong one, opens with the right one', async () => {
		const p12 = d.files().filter((f) => f.name === 'node.p12');
		const asked = await inspect({ ...base, files: p12 }, deps);
		expect(asked.problems.map((p) => p.error.code)).toEqual(['password-required']);
		const wrong = await inspect({ ...base, files: p12, password: 'nope' }, deps);
		expect(wrong.problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		const opened = await inspect({ ...base, files: p12, password: 'p12-secret' }, deps);
		expect(opened.items.map((i) => i.view.kind).sort()).toEqual(['certificate', 'private-key']);
		expect(opened.lint.results.find((x) => x.id === 'key-matches-certificate')?.status).toBe('pass');
	});

	test('handshake on two dropped certificates uses the verifier for both directions', async () => {
		const files = d.files('dir');
		const items = (await inspect({ ...base, files }, deps)).items;
		const at = (label: string) => items.find((i) => i.label === label)!.index;
		const r = await handshake(
			{
				host: '127.0.0.1',
				fault: 'none',
				source: {
					kind: 'files',
					files,
					vaultCas: [],
					server: at('dir/node.crt'),
					client: at('dir/client.marc.crt'),
					expectedUser: 'marc'
				}
			},
			deps
		);
		expect(r.steps.map((s) => [s.id, s.ok])).toEqual([
			['server-presents', true],
			['server-proves-key', true],
			['client-checks-server', true],
			['server-requests', true],
			['client-presents', true],
			['client-proves-key', true],
			['server-checks-client', true],
			['server-maps-identity', false],
			// node.crt also dials the other nodes (no client.node.crt beside it): checked for clientAuth.
			['peer-checks-server-as-client', true]
		]);
		// Both keys were beside their certificates, so possession was really checked.
		expect(r.unchecked).toEqual([]);
		const wrongHost = await handshake(
			{
				host: '10.9.9.9',
				fault: 'none',
				source: { kind: 'files', files, vaultCas: [], server: at('dir/node.crt'), client: at('dir/client.marc.crt') }
			},
			deps
		);
		expect(wrongHost.failedStep).toBe('client-checks-server');
		expect(wrongHost.steps.find((s) => s.id === 'client-checks-server')!.verify?.error?.code).toBe('host-mismatch');
	});
});
