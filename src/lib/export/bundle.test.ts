import { describe, expect, test } from 'vitest';
import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import { assembleBundle, type IssuedLeaf } from './bundle';
import { slug } from './slug';

/** A bundle file's content as text: PEM files are octets, README and configs strings. */
const text = (data: string | Uint8Array | undefined) =>
	typeof data === 'string' || data === undefined ? data : new TextDecoder().decode(data);

const cockroachdb = getBundleProfile('cockroachdb');

const der = (n: number) => new Uint8Array([0x30, 0x03, 0x02, 0x01, n]);
const ca = { role: 'ca', name: 'Lab CA', certificateDer: der(1) };
const clientCa = { role: 'client', name: 'Client CA', certificateDer: der(2) };

function leaf(folder: string, kindId: string, base: string): IssuedLeaf {
	return {
		folder,
		kindId,
		role: 'ca',
		files: { cert: `${base}.crt`, key: `${base}.key` },
		commonName: base,
		sans: [],
		certificateDer: der(9),
		pkcs8: der(8)
	};
}

describe('assembleBundle', () => {
	test('a flat CockroachDB certs-dir: README, ca.crt, each cert 0644 and key 0600, PEM with a final newline', async () => {
		const files = await assembleBundle(
			cockroachdb,
			[ca],
			[leaf('', 'node', 'node'), leaf('', 'client', 'client.root')],
			{ format: 'pem' },
			globalThis.crypto
		);
		expect(files.map((f) => [f.path, f.mode.toString(8)])).toEqual([
			['README.txt', '644'],
			['ca.crt', '644'],
			['node.crt', '644'],
			['node.key', '600'],
			['client.root.crt', '644'],
			['client.root.key', '600'],
			['kubernetes/cockroachdb-secrets.yaml', '600'],
			['kubernetes/cockroachdb-values.yaml', '644']
		]);
		expect(text(files[1]?.data)).toBe('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n');
		expect(text(files[3]?.data)).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]*-----END PRIVATE KEY-----\n$/);
		expect(text(files[0]?.data)).toMatch(/issued by "Lab CA"/);
		expect(text(files[0]?.data)).toMatch(/This folder is a CockroachDB --certs-dir/);
		expect(text(files[0]?.data)).not.toMatch(/ca-client\.crt {7}the client CA/);
	});

	test('a lab: one certs-dir per folder, each with its own ca.crt', async () => {
		const files = await assembleBundle(
			cockroachdb,
			[ca],
			[leaf('node1', 'node', 'node'), leaf('client', 'client', 'client.root')],
			{ format: 'pem' },
			globalThis.crypto
		);
		expect(files.map((f) => f.path)).toEqual([
			'README.txt',
			'node1/ca.crt',
			'client/ca.crt',
			'node1/node.crt',
			'node1/node.key',
			'client/client.root.crt',
			'client/client.root.key',
			'kubernetes/cockroachdb-secrets.yaml',
			'kubernetes/cockroachdb-values.yaml'
		]);
		expect(text(files[0]?.data)).toMatch(/Each folder \(node1, client\) is a CockroachDB --certs-dir/);
	});

	test('split CA: every folder carries ca.crt and ca-client.crt', async () => {
		const files = await assembleBundle(
			cockroachdb,
			[ca, clientCa],
			[leaf('', 'node', 'node')],
			{ format: 'pem' },
			globalThis.crypto
		);
		expect(files.map((f) => f.path)).toEqual([
			'README.txt',
			'ca.crt',
			'ca-client.crt',
			'node.crt',
			'node.key',
			'kubernetes/cockroachdb-secrets.yaml',
			'kubernetes/cockroachdb-values.yaml'
		]);
		expect(text(files[2]?.data)).toContain('MAMCAQI=');
		expect(text(files[0]?.data)).toMatch(/ca-client\.crt {7}the client CA/);
	});

	test('slug makes safe file names', () => {
		expect(slug('E2E Root CA')).toBe('e2e-root-ca');
		expect(slug('Émilie’s CA / prod')).toBe('emilie-s-ca-prod');
		expect(slug('***')).toBe('ca');
	});
});
