import { describe, expect, test } from 'vitest';
import type { LeafRequest } from '../../pki/issue/prepare';
import { x509 } from '../../pki/x509';
import { lent, testContext, testRootCa } from '../../testing/worker-cas';
import { centralModes } from '../../testing/zip-entries';
import { operations } from '../operations';
import type { UnlockedCa } from '../types';

const ctx = testContext(new Date('2026-03-01T12:00:00Z'));

async function rootCa(name: string): Promise<UnlockedCa> {
	return lent(await testRootCa(ctx, { id: name, name, days: 365 }), name, name);
}

const nodeRequest: LeafRequest = {
	profileId: 'cockroachdb',
	kindId: 'node',
	input: { hosts: 'node1.example, 10.0.0.1' },
	days: 100,
	keyAlgorithm: 'P-256'
};

describe('renewLeafSameKey (a certificate signed from a CSR)', () => {
	test('same names and public key, new serial and validity, followed by nothing for a root issuer', async () => {
		const ca = await rootCa('CSR Root');
		const first = await operations.issueBundle(
			{
				issuers: [ca],
				profileId: 'cockroachdb',
				folders: [{ folder: '', leaves: [nodeRequest] }],
				zipName: 'z.zip',
				output: { format: 'pem' }
			},
			ctx
		);
		const old = first.certificates[0]!;
		const renewed = await operations.renewLeafSameKey(
			{
				issuer: ca,
				request: { ...nodeRequest, days: 30 },
				oldCertificateDer: old.certificateDer!
			},
			ctx
		);
		const before = new x509.X509Certificate(old.certificateDer!);
		const after = new x509.X509Certificate(renewed.certificate.certificateDer!);
		expect(Buffer.from(after.publicKey.rawData)).toEqual(Buffer.from(before.publicKey.rawData));
		expect(after.serialNumber).not.toBe(before.serialNumber);
		expect(after.subject).toBe(before.subject);
		expect(renewed.certificate.sans).toEqual(old.sans);
		expect(after.notAfter.toISOString()).toBe('2026-03-31T12:00:00.000Z');
		expect(
			await after.verify({ publicKey: new x509.X509Certificate(ca.certificateDer).publicKey, signatureOnly: true })
		).toBe(true);
		expect(renewed.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
		await expect(
			operations.renewLeafSameKey(
				{
					issuer: ca,
					request: { ...nodeRequest, days: 400 },
					oldCertificateDer: old.certificateDer!
				},
				ctx
			)
		).rejects.toMatchObject({
			code: 'validity-beyond-ca'
		});
	});
});

describe('reissueLeaves', () => {
	test('two profiles in one zip, a folder each, certificates in request order', async () => {
		const ca = await rootCa('New Root');
		const clientRequest: LeafRequest = {
			...nodeRequest,
			profileId: 'mtls',
			kindId: 'client',
			input: { clientName: 'alice' },
			days: 50
		};
		const result = await operations.reissueLeaves(
			{
				issuer: ca,
				groups: [
					{ profileId: 'cockroachdb', folders: [{ folder: 'node1', leaves: [nodeRequest] }] },
					{ profileId: 'mtls', folders: [{ folder: '', leaves: [clientRequest] }] }
				],
				zipName: 'new-root-reissued.zip'
			},
			ctx
		);
		expect(result.certificates.map((c) => [c.profileId, c.kindId, c.folder])).toEqual([
			['cockroachdb', 'node', 'node1'],
			['mtls', 'client', '']
		]);
		const names = centralModes(result.zip).map(([name]) => name);
		expect(names).toContain('cockroachdb/node1/node.crt');
		expect(names).toContain('cockroachdb/README.txt');
		expect(names).toContain('mtls/README.txt');
		expect(names.some((n) => n.startsWith('mtls/') && n.endsWith('.key'))).toBe(true);
	});
});
