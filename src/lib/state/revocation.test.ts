import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import { crlNumber } from '../pki/parse/extensions';
import { x509 } from '../pki/x509';
import type { CertificateRecord } from '../vault/schema';
import { inProcessWorker } from '../testing/in-process-worker';
import { publishCrl, revokeCertificate } from './revocation';
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
	const ca = await vault.createCa({
		name: 'Revocation Root',
		keyAlgorithm: 'P-256',
		days: 365,
		passphrase: 'correct horse battery staple',
		passphraseConfirm: 'correct horse battery staple',
		locations: { crlUrl: 'http://pki.example.internal/crl/revocation-root.crl' }
	});
	caId = ca.id;
	await vault.addCertificateRecords([
		leaf('11aa', 'client.alice.crt'),
		leaf('22bb', 'node.crt'),
		leaf('33cc', 'client.bob.crt')
	]);
});

describe('revoke, then publish CRLs', () => {
	test('revoking records the date and reason once; a second revoke is refused', async () => {
		const revoked = await revokeCertificate(vault, `${caId}:11aa`, 'keyCompromise');
		expect(revoked.revocation).toEqual({ revokedAt: new Date('2026-03-01T12:00:00Z'), reason: 'keyCompromise' });
		expect(vault.certificates.find((c) => c.id === `${caId}:11aa`)?.revocation?.reason).toBe('keyCompromise');
		await vault.reload();
		expect(vault.certificates.find((c) => c.id === `${caId}:11aa`)?.revocation?.reason).toBe('keyCompromise');
		await expect(revokeCertificate(vault, `${caId}:11aa`, 'superseded')).rejects.toMatchObject({
			code: 'vault-conflict'
		});
		await revokeCertificate(vault, `${caId}:33cc`, 'unspecified');
	});

	test('two publishes give CRL numbers 1 and 2, stored on the CA, listing the revoked certificates', async () => {
		const first = await publishCrl(vault, caId, 7);
		const second = await publishCrl(vault, caId, 3);
		expect([first.number, second.number]).toEqual([1, 2]);
		expect(second.files).toEqual({
			der: 'revocation-root.crl',
			pem: 'revocation-root-crl-2.pem',
			publishAt: 'http://pki.example.internal/crl/revocation-root.crl'
		});
		await vault.reload();
		expect(vault.caRecord(caId).crl).toEqual({
			lastNumber: 2,
			lastIssuedAt: new Date('2026-03-01T12:00:00Z'),
			nextUpdate: new Date('2026-03-04T12:00:00Z')
		});

		const ca = new x509.X509Certificate(vault.caRecord(caId).certificateDer);
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
		await expect(publishCrl(vault, caId, 400)).rejects.toBeInstanceOf(PkiError);
		await expect(publishCrl(vault, caId, 0)).rejects.toMatchObject({ code: 'validity-invalid', field: 'crlDays' });
		vault.lock(caId);
		await expect(publishCrl(vault, caId, 7)).rejects.toMatchObject({ code: 'ca-locked' });
		expect(vault.caRecord(caId).crl?.lastNumber).toBe(2);
	});
});
