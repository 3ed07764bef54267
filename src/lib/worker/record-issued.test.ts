import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { DB_VERSION } from '../vault/schema';
import { VaultStore } from '../vault/store';
import { x509 } from '../pki/x509';
import { operations, type IssueAndRecordRequest, type OperationContext } from './operations';
import type { CreatedCa } from './types';
import { certificateRecords } from './record-issued';

const NOW = new Date('2026-03-01T12:00:00Z');
const ISSUED_AT = new Date('2026-03-01T12:00:05Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const ctx: OperationContext = { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };

let ca: CreatedCa;
beforeAll(async () => {
	ca = await operations.createCa(
		{ caId: 'ca1', name: 'Record CA', keyAlgorithm: 'P-256', days: 3650, passphrase: 'p' },
		ctx
	);
});

function labRequest(dbName: string | undefined, nodes: number): IssueAndRecordRequest {
	return {
		issuers: [
			{ role: 'ca', id: 'ca1', name: 'Record CA', certificateDer: ca.certificateDer, privateKey: ca.privateKey }
		],
		profileId: 'cockroachdb',
		folders: Array.from({ length: nodes }, (_, i) => ({
			folder: `node${i + 1}`,
			leaves: [
				{
					profileId: 'cockroachdb',
					kindId: 'node',
					keyAlgorithm: 'P-256',
					days: 365,
					input: { hosts: `node${i + 1}.lab.internal` }
				}
			]
		})),
		zipName: 'lab.zip',
		output: { format: 'pem' },
		...(dbName ? { recordIn: { dbName, issuedAt: ISSUED_AT } } : {})
	};
}

describe('issueBundle records what it issued from the worker', () => {
	test('every certificate lands in the vault with its DER and request, stamped with the page clock', async () => {
		const bundle = await operations.issueBundle(labRequest('record-test-1', 3), ctx);
		const store = await VaultStore.open('record-test-1');
		const stored = (await store.listCertificates()).sort((a, b) => a.folder.localeCompare(b.folder));
		store.close();
		expect(stored.map((r) => r.folder)).toEqual(['node1', 'node2', 'node3']);
		for (const record of stored) {
			const issued = bundle.certificates.find((c) => c.serialHex === record.serialHex);
			expect(record.id).toBe(`ca1:${record.serialHex}`);
			expect(record.issuedAt).toEqual(ISSUED_AT);
			expect(record.origin).toBe('generated');
			// The vault keeps the certificate; the answer to the page leaves it out (it is not needed there).
			expect(new x509.X509Certificate(record.certificateDer!).serialNumber).toBe(record.serialHex);
			expect(issued).toBeDefined();
			expect(issued?.certificateDer).toBeUndefined();
			expect(record.request?.input).toEqual({ hosts: `${record.folder}.lab.internal` });
		}
	});

	test('a split-CA issuance records its CAs by role, so a renewal can ship the same CA files; a single CA records none', async () => {
		const client = await operations.createCa(
			{ caId: 'ca2', name: 'Client CA', keyAlgorithm: 'P-256', days: 3650, passphrase: 'p' },
			ctx
		);
		const request = labRequest('record-test-split', 1);
		request.issuers.push({
			role: 'client',
			id: 'ca2',
			name: 'Client CA',
			certificateDer: client.certificateDer,
			privateKey: client.privateKey
		});
		request.folders[0]!.leaves.push({
			profileId: 'cockroachdb',
			kindId: 'client',
			keyAlgorithm: 'P-256',
			days: 365,
			input: { users: 'root' }
		});
		await operations.issueBundle(request, ctx);
		const store = await VaultStore.open('record-test-split');
		const stored = await store.listCertificates();
		store.close();
		expect(stored.map((r) => [r.kindId, r.caId]).sort()).toEqual([
			['client', 'ca2'],
			['node', 'ca1']
		]);
		for (const record of stored)
			expect(record.issuedWith).toEqual([
				{ role: 'ca', caId: 'ca1' },
				{ role: 'client', caId: 'ca2' }
			]);
		const single = await operations.issueBundle(labRequest(undefined, 1), ctx);
		expect(single.certificates[0]?.issuedWith).toBeUndefined();
	});

	test('without recordIn nothing is stored (tests and previews)', async () => {
		await operations.issueBundle(labRequest(undefined, 1), ctx);
		const store = await VaultStore.open('record-test-2');
		expect(await store.listCertificates()).toEqual([]);
		store.close();
	});

	test('when the vault cannot be written the issuance fails, so no zip is handed out', async () => {
		// A vault upgraded by a newer version of the app in another tab: this worker cannot open it.
		const newer = await openDB('record-test-3', DB_VERSION + 1);
		newer.close();
		const refused = await operations.issueBundle(labRequest('record-test-3', 2), ctx).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(PkiError);
		expect((refused as PkiError).code).toBe('vault-newer');
	});
});

describe('certificateRecords', () => {
	test('each renewed certificate points at the record it renews, by position; others do not', () => {
		const issued = ['0a', '0b'].map((serialHex) => ({
			caId: 'ca',
			serialHex,
			subject: 'CN=node',
			sans: [],
			profileId: 'cockroachdb',
			kindId: 'node',
			folder: '',
			certFile: 'node.crt',
			notBefore: NOW,
			notAfter: NOW,
			certificateDer: new Uint8Array([0x30]),
			request: {
				profileId: 'cockroachdb',
				kindId: 'node',
				input: { hosts: 'node1.example' },
				days: 100,
				keyAlgorithm: 'P-256' as const
			}
		}));
		const records = certificateRecords(issued, { issuedAt: NOW, renewalOf: ['ca:01', undefined] });
		expect(records.map((r) => [r.id, r.renewalOf])).toEqual([
			['ca:0a', 'ca:01'],
			['ca:0b', undefined]
		]);
		expect('renewalOf' in records[1]!).toBe(false);
	});
});
