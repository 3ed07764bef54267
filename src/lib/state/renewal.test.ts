import { describe, expect, test } from 'vitest';
import type { LeafRequest } from '../pki/issue/prepare';
import type { CertificateRecord } from '../vault/schema';
import { renewalRefusal } from './renewal';

const NOW = new Date('2026-03-01T12:00:00Z');
const nodeRequest: LeafRequest = {
	profileId: 'cockroachdb',
	kindId: 'node',
	input: { hosts: 'node1.example' },
	days: 100,
	keyAlgorithm: 'P-256'
};

describe('renewalRefusal', () => {
	const base: CertificateRecord = {
		id: 'ca:01',
		caId: 'ca',
		serialHex: '01',
		subject: 'CN=node',
		sans: [],
		profileId: 'cockroachdb',
		kindId: 'node',
		folder: '',
		certFile: 'node.crt',
		notBefore: NOW,
		notAfter: NOW,
		issuedAt: NOW,
		request: nodeRequest,
		certificateDer: new Uint8Array([0x30])
	};
	test('a current record with its request can be renewed', () => expect(renewalRefusal(base)).toBeNull());
	test('a revoked one says it is revoked', () =>
		expect(renewalRefusal({ ...base, revocation: { revokedAt: NOW, reason: 'keyCompromise' } })).toMatch(
			/revoked on 2026-03-01 \(keyCompromise\)/
		));
	test('a record made before requests were recorded says so plainly', () => {
		const { request: _unused, ...old } = base;
		void _unused;
		expect(renewalRefusal(old)).toMatch(/older version of the app.*cannot be renewed/);
	});
});

describe('renewal records', () => {
	test('each renewed certificate points at the record it renews, by position; others do not', async () => {
		const { certificateRecords } = await import('../worker/record-issued');
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
			request: nodeRequest
		}));
		const records = certificateRecords(issued, { issuedAt: NOW, renewalOf: ['ca:01', undefined] });
		expect(records.map((r) => [r.id, r.renewalOf])).toEqual([
			['ca:0a', 'ca:01'],
			['ca:0b', undefined]
		]);
		expect('renewalOf' in records[1]!).toBe(false);
	});
});
