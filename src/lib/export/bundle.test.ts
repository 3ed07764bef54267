import { describe, expect, test } from 'vitest';
import { cockroachdb } from '../pki/profiles/cockroachdb';
import { layoutBundle, slug } from './bundle';

const pair = (base: string) => ({ certFile: `${base}.crt`, keyFile: `${base}.key`, certPem: `cert ${base}`, keyPem: `key ${base}` });

describe('layoutBundle', () => {
	test('a flat CockroachDB certs-dir: README, ca.crt, each cert 0644 and key 0600', () => {
		const files = layoutBundle(cockroachdb, 'Lab CA', 'CA PEM', [{ folder: '', leaves: [pair('node'), pair('client.root')] }]);
		expect(files.map((f) => [f.path, f.mode.toString(8)])).toEqual([
			['README.txt', '644'],
			['ca.crt', '644'],
			['node.crt', '644'],
			['node.key', '600'],
			['client.root.crt', '644'],
			['client.root.key', '600']
		]);
		expect(files[1]?.data).toBe('CA PEM');
		expect(files[0]?.data).toMatch(/issued by "Lab CA"/);
		expect(files[0]?.data).toMatch(/This folder is a CockroachDB --certs-dir/);
	});

	test('a lab: one certs-dir per folder, each with its own ca.crt', () => {
		const files = layoutBundle(cockroachdb, 'Lab CA', 'CA PEM', [
			{ folder: 'node1', leaves: [pair('node')] },
			{ folder: 'client', leaves: [pair('client.root')] }
		]);
		expect(files.map((f) => f.path)).toEqual(['README.txt', 'node1/ca.crt', 'node1/node.crt', 'node1/node.key', 'client/ca.crt', 'client/client.root.crt', 'client/client.root.key']);
		expect(files[0]?.data).toMatch(/Each folder \(node1, client\) is a CockroachDB --certs-dir/);
	});

	test('slug makes safe file names', () => {
		expect(slug('E2E Root CA')).toBe('e2e-root-ca');
		expect(slug('Émilie’s CA / prod')).toBe('emilie-s-ca-prod');
		expect(slug('***')).toBe('ca');
	});
});
