import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { defaultLab } from '../pki/lab/definition';
import { operations, type OperationContext } from './operations';
import type { CreatedCa, UnlockedCa } from './types';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const ctx: OperationContext = { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };

let ca: CreatedCa;
let issuers: UnlockedCa[];
beforeAll(async () => {
	ca = await operations.createCa(
		{ caId: 'ca1', name: 'Lab Root', keyAlgorithm: 'P-256', days: 3650, passphrase: 'p' },
		ctx
	);
	issuers = [{ role: 'ca', id: 'ca1', name: 'Lab Root', certificateDer: ca.certificateDer, privateKey: ca.privateKey }];
});

describe('the issueLab operation plans the lab in the worker', () => {
	test('a definition becomes the whole zip: node folders, client folder, configs and lab.json', async () => {
		const lab = { ...defaultLab('etcd', 825), nodes: 2, hosts: 'node{1..2}.lab, 127.0.0.1' };
		const bundle = await operations.issueLab({ issuers, lab, caName: 'Lab Root', password: '' }, ctx);
		expect(bundle.zipName).toBe('etcd-lab-2-nodes-lab-root.zip');
		const paths = Object.keys(unzipSync(bundle.zip));
		expect(paths).toEqual(
			expect.arrayContaining([
				'node1/member.crt',
				'node2/member.key',
				'client/client.root.crt',
				'config/node2/etcd.flags',
				'lab.json'
			])
		);
		expect(bundle.certificates.map((c) => `${c.folder}/${c.certFile}`).sort()).toEqual([
			'client/client.root.crt',
			'node1/member.crt',
			'node2/member.crt'
		]);
	});

	test('the definition decides the format: a PKCS#12 Elasticsearch lab gets keystores with the typed password', async () => {
		const lab = { ...defaultLab('elasticsearch', 825), nodes: 1, output: 'pkcs12' as const };
		const bundle = await operations.issueLab({ issuers, lab, caName: 'Lab Root', password: 'lab password 1' }, ctx);
		const paths = Object.keys(unzipSync(bundle.zip));
		expect(paths).toEqual(expect.arrayContaining(['node1/node1.p12', 'node1/http.p12']));
		expect(paths.filter((p) => p.endsWith('.key'))).toEqual([]);
		// Recorded as delivered in PKCS#12, so a renewal makes a .p12 again; PEM labs are not marked.
		expect(bundle.certificates.map((c) => c.deliveredAs)).toEqual(['pkcs12', 'pkcs12']);
		const pem = await operations.issueLab(
			{ issuers, lab: { ...lab, output: 'pem' }, caName: 'Lab Root', password: '' },
			ctx
		);
		expect(pem.certificates.map((c) => c.deliveredAs)).toEqual([undefined, undefined]);
		const refused = await operations
			.issueLab({ issuers, lab, caName: 'Lab Root', password: '' }, ctx)
			.catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(PkiError);
		expect(refused).toMatchObject({ code: 'p12-password-invalid', field: 'passphrase' });
	});

	test('a definition the plan refuses comes back as a PkiError on its field, before any key is made', async () => {
		const lab = { ...defaultLab('cockroachdb', 825), nodes: 3, hosts: 'a.lab\nb.lab' };
		const refused = await operations
			.issueLab({ issuers, lab, caName: 'Lab Root', password: '' }, ctx)
			.catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(PkiError);
		expect(refused).toMatchObject({ code: 'lab-hosts-invalid', field: 'lab-hosts' });
		expect((refused as PkiError).field).toBe('lab-hosts');
	});
});
