import { test, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations } from '/work/main/src/lib/worker/operations';
const ctx = { deps: { crypto: globalThis.crypto, now: () => new Date() }, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
const out = process.env.DEV_BUNDLES_OUT ?? '/tmp/dev-bundles';
async function makeCa(id: string, name: string) {
	const ca = await operations.createCa({ op: 'createCa', caId: id, name, keyAlgorithm: 'P-256', days: 3660, passphrase: 'correct horse battery' }, ctx);
	return { id, name, certificateDer: ca.certificateDer, privateKey: ca.privateKey };
}
const node = (hosts: string) => ({ profileId: 'cockroachdb', kindId: 'node', hosts, days: 365, keyAlgorithm: 'P-256' }) as const;
const client = { profileId: 'cockroachdb', kindId: 'client', username: 'root', days: 365, keyAlgorithm: 'P-256' } as const;
const ui = { profileId: 'cockroachdb', kindId: 'ui', hosts: 'localhost', days: 365, keyAlgorithm: 'P-256' } as const;
test('dev bundles', async () => {
	mkdirSync(out, { recursive: true });
	const e2e = await makeCa('a', 'E2E Root CA');
	const other = await makeCa('b', 'Other CA');
	for (const [ca, file] of [[e2e, 'cockroachdb-certs-e2e-root-ca.zip'], [other, 'cockroachdb-certs-other-ca.zip']] as const) {
		const b = await operations.issueBundle({ op: 'issueBundle', ca, profileId: 'cockroachdb', zipName: file, folders: [{ folder: '', leaves: [node('localhost, 127.0.0.1 ::1'), client, ui] }] } as never, ctx);
		writeFileSync(join(out, file), b.zip);
	}
	const lab = await operations.issueBundle({ op: 'issueBundle', ca: e2e, profileId: 'cockroachdb', zipName: 'lab.zip', folders: [
		{ folder: 'node1', leaves: [node('localhost, 127.0.0.1')] },
		{ folder: 'node2', leaves: [node('localhost, 127.0.0.1')] },
		{ folder: 'node3', leaves: [node('localhost, 127.0.0.1')] },
		{ folder: 'client', leaves: [client] }] } as never, ctx);
	writeFileSync(join(out, 'cockroachdb-lab-3-nodes-e2e-root-ca.zip'), lab.zip);
	expect(lab.zip.length).toBeGreaterThan(0);
});
