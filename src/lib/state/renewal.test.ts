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
