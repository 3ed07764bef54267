import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { crlNumber } from '../pki/parse/extensions';
import { x509 } from '../pki/x509';
import type { CertificateRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';
import { inProcessWorker } from '../testing/in-process-worker';
import { VaultState } from './vault.svelte';

const NOW = new Date('2026-03-01T12:00:00.250Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };

/** The real client and the real worker dispatch over a MessageChannel; only the thread is missing. */
const worker = inProcessWorker({ deps, kdfIterations: 1000 });

let vault: VaultState;
let caId: string;

function leaf(serialHex: string, certFile: string): CertificateRecord {
	return {
		id: `${caId}:${serialHex}`,
		caId,
		serialHex,
		subject: `O=Cockroach, CN=${certFile}`,
		sans: [],
		profileId: 'cockroachdb',
		kindId: 'client',
		folder: '',
		certFile,
		notBefore: NOW,
		notAfter: new Date('2026-06-01T00:00:00Z'),
		issuedAt: NOW
	};
}

beforeAll(async () => {
	vault = new VaultState(worker, () => NOW);
	await vault.load();
	const ca = await vault.ca.create({
		name: 'Revocation Root',
		keyAlgorithm: 'P-256',
		days: 365,
		passphrase: 'correct horse battery staple',
		passphraseConfirm: 'correct horse battery staple',
		locations: { crlUrl: 'http://pki.example.internal/crl/revocation-root.crl' }
	});
	caId = ca.id;
	// Issued certificates are recorded by the worker; these stand for three of them.
	const store = await VaultStore.open();
	await store.addCertificates([
		leaf('11aa', 'client.alice.crt'),
		leaf('22bb', 'node.crt'),
		leaf('33cc', 'client.bob.crt')
	]);
	store.close();
	await vault.records.reload();
});

describe('revoke, then publish CRLs', () => {
	test('revoking records the date and reason once; a second revoke is refused', async () => {
		const revoked = await vault.revocation.revokeCertificate(`${caId}:11aa`, 'keyCompromise');
		expect(revoked.revocation).toEqual({ revokedAt: new Date('2026-03-01T12:00:00Z'), reason: 'keyCompromise' });
		expect(vault.records.certificates.find((c) => c.id === `${caId}:11aa`)?.revocation?.reason).toBe('keyCompromise');
		await vault.records.reload();
		expect(vault.records.certificates.find((c) => c.id === `${caId}:11aa`)?.revocation?.reason).toBe('keyCompromise');
		await expect(vault.revocation.revokeCertificate(`${caId}:11aa`, 'superseded')).rejects.toMatchObject({
			code: 'vault-conflict'
		});
		await vault.revocation.revokeCertificate(`${caId}:33cc`, 'unspecified');
	});

	test('two publishes give CRL numbers 1 and 2, stored on the CA, listing the revoked certificates', async () => {
		const first = await vault.revocation.publishCrl(caId, 7);
		const second = await vault.revocation.publishCrl(caId, 3);
		expect([first.number, second.number]).toEqual([1, 2]);
		expect(second.files).toEqual({
			der: 'revocation-root.crl',
			pem: 'revocation-root-crl-2.pem',
			publishAt: 'http://pki.example.internal/crl/revocation-root.crl'
		});
		await vault.records.reload();
		expect(vault.records.ca(caId).crl).toEqual({
			lastNumber: 2,
			lastIssuedAt: new Date('2026-03-01T12:00:00Z'),
			nextUpdate: new Date('2026-03-04T12:00:00Z')
		});

		const ca = new x509.X509Certificate(vault.records.ca(caId).certificateDer);
		const crl = new x509.X509Crl(second.der);
		expect(crlNumber(crl)).toBe('02');
		expect(crl.nextUpdate?.toISOString()).toBe('2026-03-04T12:00:00.000Z');
		expect(crl.entries.map((e) => [e.serialNumber.toLowerCase(), e.reason])).toEqual([
			['11aa', x509.X509CrlReason.keyCompromise],
			['33cc', undefined]
		]);
		expect(await crl.verify({ publicKey: ca.publicKey }, globalThis.crypto)).toBe(true);
		expect(second.pem).toBe(x509.PemConverter.encode(second.der.buffer, 'X509 CRL') + '\n');
	});

	test('a refused publish uses up no number', async () => {
		await expect(vault.revocation.publishCrl(caId, 400)).rejects.toBeInstanceOf(PkiError);
		await expect(vault.revocation.publishCrl(caId, 0)).rejects.toMatchObject({
			code: 'validity-invalid',
			field: 'crlDays'
		});
		vault.keyring.lock(caId);
		await expect(vault.revocation.publishCrl(caId, 7)).rejects.toMatchObject({ code: 'ca-locked' });
		expect(vault.records.ca(caId).crl?.lastNumber).toBe(2);
	});
});
