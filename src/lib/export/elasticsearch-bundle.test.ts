import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { prepareLeaf } from '../pki/issue/prepare';
import { signLeaf } from '../pki/issue/sign';
import { generateKeyPair } from '../pki/keys';
import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import { assembleBundle, checkOutput, type IssuedLeaf } from './bundle';

const elasticsearch = getBundleProfile('elasticsearch');

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date('2026-03-01T12:00:00Z') };
const NODE = { nodeName: 'node-1', nodeFilename: '', nodeDns: 'localhost', nodeIp: '127.0.0.1', transportEku: 'none' };

let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'ES Bundle CA', keyAlgorithm: 'P-256', days: 1095 }, deps);
});

async function issue(kindId: string, input: Record<string, string>) {
	const issuer = { name: 'ES Bundle CA', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter };
	const template = prepareLeaf(
		{ profileId: 'elasticsearch', kindId, input, days: 365, keyAlgorithm: 'P-256' },
		issuer,
		deps
	);
	const keys = await generateKeyPair('P-256', deps.crypto, true);
	const cert = await signLeaf(
		template,
		keys.publicKey,
		{ certificate: root.certificate, privateKey: root.keys.privateKey },
		deps
	);
	return { template, cert };
}

describe('Elasticsearch bundle layouts', () => {
	const der = (n: number) => new Uint8Array([0x30, 0x03, 0x02, 0x01, n]);
	const ca = { role: 'ca', name: 'ES CA', certificateDer: der(1) };
	const leaf = (kindId: string, base: string, cert: string, p12Alias: string): IssuedLeaf => ({
		folder: '',
		kindId,
		role: 'ca',
		files: { cert: `${base}/${cert}.crt`, key: `${base}/${cert}.key`, p12: `${base}/${cert}.p12`, p12Alias },
		commonName: base,
		sans: [],
		certificateDer: der(9),
		pkcs8: der(8)
	});

	test('PEM: ca/ca.crt once, <name>/<name>.crt 0644 and .key 0600, a sample-elasticsearch.yml per node', async () => {
		const leaves = [
			leaf('transport', 'node-1', 'node-1', 'node-1'),
			leaf('http', 'node-1', 'http', 'http'),
			leaf('transport', 'node-2', 'node-2', 'node-2')
		];
		const files = await assembleBundle(elasticsearch, [ca], leaves, { format: 'pem' }, globalThis.crypto);
		expect(files.map((f) => [f.path, f.mode.toString(8)])).toEqual([
			['README.txt', '644'],
			['ca/ca.crt', '644'],
			['node-1/node-1.crt', '644'],
			['node-1/node-1.key', '600'],
			['node-1/http.crt', '644'],
			['node-1/http.key', '600'],
			['node-2/node-2.crt', '644'],
			['node-2/node-2.key', '600'],
			['node-1/sample-elasticsearch.yml', '644'],
			['node-2/sample-elasticsearch.yml', '644'],
			['kubernetes/elasticsearch-secrets.yaml', '600'],
			['kubernetes/elasticsearch-eck.yaml', '644']
		]);
		const yml = String(files.find((f) => f.path === 'node-1/sample-elasticsearch.yml')?.data);
		expect(yml).toContain(
			[
				'xpack.security.transport.ssl.enabled: true',
				'xpack.security.transport.ssl.verification_mode: full',
				'xpack.security.transport.ssl.client_authentication: required',
				'xpack.security.transport.ssl.key: certs/node-1/node-1.key',
				'xpack.security.transport.ssl.certificate: certs/node-1/node-1.crt',
				'xpack.security.transport.ssl.certificate_authorities: [ "certs/ca/ca.crt" ]'
			].join('\n')
		);
		expect(yml).toContain('xpack.security.http.ssl.enabled: true\nxpack.security.http.ssl.key: certs/node-1/http.key');
		expect(String(files.find((f) => f.path === 'node-2/sample-elasticsearch.yml')?.data)).not.toContain(
			'xpack.security.http'
		);
		expect(String(files[0]?.data)).toMatch(/elasticsearch-certutil cert --pem/);
	});

	test('PKCS#12: <name>/<name>.p12 0600, one file as keystore and truststore in the snippet', async () => {
		const real = await issue('transport', NODE);
		const keys = await generateKeyPair('P-256', deps.crypto, true);
		const pkcs8 = new Uint8Array(await deps.crypto.subtle.exportKey('pkcs8', keys.privateKey));
		const issued: IssuedLeaf = {
			folder: '',
			kindId: 'transport',
			role: 'ca',
			files: real.template.files,
			commonName: 'node-1',
			sans: [],
			certificateDer: new Uint8Array(real.cert.rawData),
			pkcs8
		};
		const withP12 = await assembleBundle(
			elasticsearch,
			[{ ...ca, certificateDer: new Uint8Array(root.certificate.rawData) }],
			[issued],
			checkOutput({ format: 'pkcs12', password: 'Elastic 42!' }),
			globalThis.crypto
		);
		expect(withP12.map((f) => [f.path, f.mode.toString(8)])).toEqual([
			['README.txt', '644'],
			['ca/ca.crt', '644'],
			['node-1/node-1.p12', '600'],
			['node-1/sample-elasticsearch.yml', '644']
		]);
		const yml = String(withP12[3]?.data);
		expect(yml).toContain(
			'xpack.security.transport.ssl.keystore.path: certs/node-1/node-1.p12\nxpack.security.transport.ssl.truststore.path: certs/node-1/node-1.p12'
		);
		expect(yml).toContain('bin/elasticsearch-keystore add xpack.security.transport.ssl.keystore.secure_password');
		expect(String(withP12[0]?.data)).toMatch(/printable ASCII/);
	});
});
