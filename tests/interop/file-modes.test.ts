import { readdir, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUNDLES, unzipBundle, type Unzipped } from './support/bundles';

// CockroachDB refuses a key that group or others may read (pkg/security/certificate_loader.go), and
// so does libpq (PostgreSQL docs, libpq "SSL Support" > "Client Certificates"); so bundles hold
// keys 0600, certificates 0644, folders 0700 (src/lib/export/zip.ts). Info-ZIP unzip restores the
// modes stored in the zip.

async function mode(path: string): Promise<string> {
	return ((await stat(path)).mode & 0o777).toString(8).padStart(4, '0');
}

async function listing(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.map((e) => `${e.parentPath.slice(dir.length + 1)}/${e.name}${e.isDirectory() ? '/' : ''}`.replace(/^\//, ''))
		.sort();
}

describe(`flat certs-dir (${BUNDLES.certs})`, () => {
	let bundle: Unzipped;
	beforeAll(async () => (bundle = await unzipBundle(BUNDLES.certs)));
	afterAll(async () => bundle?.remove());

	test('holds exactly the certs-dir files', async () => {
		expect(await listing(bundle.dir)).toEqual([
			'README.txt',
			'ca.crt',
			'client.root.crt',
			'client.root.key',
			'kubernetes/',
			'kubernetes/cockroachdb-secrets.yaml',
			'kubernetes/cockroachdb-values.yaml',
			'node.crt',
			'node.key',
			'ui.crt',
			'ui.key'
		]);
	});

	test.each(['node.key', 'client.root.key', 'ui.key', 'kubernetes/cockroachdb-secrets.yaml'])(
		'%s is 0600',
		async (file) => {
			expect(await mode(bundle.path(file))).toBe('0600');
		}
	);

	test.each(['ca.crt', 'node.crt', 'client.root.crt', 'ui.crt', 'README.txt'])('%s is 0644', async (file) => {
		expect(await mode(bundle.path(file))).toBe('0644');
	});
});

describe(`lab (${BUNDLES.lab})`, () => {
	let bundle: Unzipped;
	beforeAll(async () => (bundle = await unzipBundle(BUNDLES.lab)));
	afterAll(async () => bundle?.remove());

	test('holds a certs-dir per node, one for the client, a start-flags snippet per node and lab.json', async () => {
		const node = (n: number) => [
			`node${n}/`,
			`node${n}/ca.crt`,
			`node${n}/node.crt`,
			`node${n}/node.key`,
			`config/node${n}/`,
			`config/node${n}/cockroach-start.flags`
		];
		// node{i}.lab.internal is not this machine, so there is no start script.
		const expected = [
			'README.txt',
			'lab.json',
			'config/',
			'client/',
			'client/ca.crt',
			'client/client.root.crt',
			'client/client.root.key',
			'kubernetes/',
			'kubernetes/cockroachdb-secrets.yaml',
			'kubernetes/cockroachdb-values.yaml',
			...node(1),
			...node(2),
			...node(3)
		];
		expect(await listing(bundle.dir)).toEqual(expected.sort());
	});

	test.each(['node1', 'node2', 'node3', 'client', 'kubernetes'])('folder %s is 0700', async (folder) => {
		expect(await mode(bundle.path(folder))).toBe('0700');
	});

	test.each([
		'node1/node.key',
		'node2/node.key',
		'node3/node.key',
		'client/client.root.key',
		'kubernetes/cockroachdb-secrets.yaml'
	])('%s is 0600', async (file) => {
		expect(await mode(bundle.path(file))).toBe('0600');
	});

	test.each([
		'node1/node.crt',
		'node1/ca.crt',
		'node2/node.crt',
		'node3/node.crt',
		'client/client.root.crt',
		'client/ca.crt',
		'config/node2/cockroach-start.flags',
		'lab.json'
	])('%s is 0644', async (file) => {
		expect(await mode(bundle.path(file))).toBe('0644');
	});
});
