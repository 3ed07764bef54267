import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeRun, run } from './run';
import { SERVER_KIT_BUNDLES } from './server-kit-bundles';
import { KIT_B_BUNDLES } from './kit-bundles';

/** The zip names the app offers for the bundles the e2e suite downloads and this suite checks. */
export const BUNDLES = {
	certs: 'cockroachdb-certs-e2e-root-ca.zip',
	otherCa: 'cockroachdb-certs-other-ca.zip',
	lab: 'cockroachdb-lab-3-nodes-e2e-root-ca.zip',
	/** Split CA + split node certificates from "Node CA" with "Client CA" (tests/e2e/cockroachdb-split.spec.ts). */
	split: 'cockroachdb-certs-node-ca.zip',
	/** Quick labs of 3 localhost nodes from "Lab CA" (tests/e2e/lab.spec.ts). */
	labCockroachdb: 'cockroachdb-lab-3-nodes-lab-ca.zip',
	labConsul: 'consul-lab-3-nodes-lab-ca.zip',
	labElasticsearch: 'elasticsearch-lab-3-nodes-lab-ca.zip',
	labEtcd: 'etcd-lab-3-nodes-lab-ca.zip',
	labPostgresql: 'postgresql-lab-3-nodes-lab-ca.zip',
	labMtls: 'mtls-lab-3-nodes-lab-ca.zip',
	/** The Elasticsearch quick lab as PKCS#12 keystores, from "P12 Lab CA" (tests/e2e/lab-pkcs12.spec.ts). */
	labElasticsearchP12: 'elasticsearch-lab-3-nodes-p12-lab-ca.zip',
	/** Pre-signed OCSP responses with the lab responder, from "OCSP Root CA" (tests/e2e/ocsp.spec.ts). */
	ocspResponder: 'ocsp-ocsp-root-ca.zip',
	...SERVER_KIT_BUNDLES,
	...KIT_B_BUNDLES
} as const;

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the e2e suite saved its downloads: $BUNDLES_DIR, default test-results/bundles under the repo. */
export function bundlePath(name: string): string {
	return resolve(repoRoot, process.env.BUNDLES_DIR ?? 'test-results/bundles', name);
}

export interface Unzipped {
	dir: string;
	/** The absolute path of a file inside the unzipped bundle. */
	path: (...parts: string[]) => string;
	remove: () => Promise<void>;
}

/**
 * Unzips a downloaded bundle with Info-ZIP unzip, the tool a user runs, into a fresh temp dir.
 * A missing zip is an error, never a skip: these tests prove the downloads work, and a skipped
 * proof would pass silently.
 */
export async function unzipBundle(name: string): Promise<Unzipped> {
	const zip = bundlePath(name);
	if (!existsSync(zip)) throw new Error(`Bundle ${name} not found: run npm run test:e2e first; expected ${zip}`);
	const dir = await mkdtemp(join(tmpdir(), 'interop-bundle-'));
	const result = await run('unzip', ['-q', zip, '-d', dir]);
	if (result.code !== 0) {
		await rm(dir, { recursive: true, force: true });
		throw new Error(`unzip failed on ${zip}\n${describeRun(result)}`);
	}
	return { dir, path: (...parts) => join(dir, ...parts), remove: () => rm(dir, { recursive: true, force: true }) };
}
