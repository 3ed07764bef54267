import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import { unzipSync } from 'fflate';
import type { PkiDeps } from '../pki/deps';
import type { CertificateRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';
import { inProcessWorker } from '../testing/in-process-worker';
import { VaultState } from './vault.svelte';

const NOW = new Date('2026-03-01T12:00:00.250Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const worker = inProcessWorker({ deps, kdfIterations: 1000 });
const DAY = 86_400_000;

let vault: VaultState;
let caId: string;

function leaf(serialHex: string, certFile: string, notAfter = new Date('2026-06-01T00:00:00Z')): CertificateRecord {
	return {
		id: `${caId}:${serialHex}`,
		caId,
		serialHex,
		subject: `O=Cockroach, CN=${certFile}`,
		sans: [],
		profileId: 'cockroachdb',
		kindId: 'client',
		folder: 'certs',
		certFile,
		notBefore: NOW,
		notAfter,
		issuedAt: NOW
	};
}

beforeAll(async () => {
	vault = new VaultState(worker, () => NOW);
	await vault.load();
	const ca = await vault.ca.create({
		name: 'OCSP Root',
		keyAlgorithm: 'P-256',
		days: 365,
		passphrase: 'correct horse battery staple',
		passphraseConfirm: 'correct horse battery staple',
		locations: { ocspUrl: 'http://127.0.0.1:24650/' }
	});
	caId = ca.id;
	const store = await VaultStore.open();
	await store.addCertificates([
		leaf('11aa', 'client.alice.crt'),
		leaf('22bb', 'node.crt'),
		leaf('33cc', 'old.crt', new Date('2026-02-01T00:00:00Z'))
	]);
	store.close();
	await vault.records.reload();
	await vault.revocation.revokeCertificate(`${caId}:11aa`, 'keyCompromise');
});

describe('OcspActions', () => {
	test('presign: a response per current certificate, the lab responder, and the set recorded on the CA', async () => {
		const result = await vault.ocsp.presign(caId, 3, 'delegated');
		expect(result).toMatchObject({ zipName: 'ocsp-ocsp-root.zip', good: 1, revoked: 1, caName: 'OCSP Root' });
		expect(result.nextUpdate).toEqual(new Date('2026-03-04T12:00:00Z'));
		const files = unzipSync(result.zip);
		expect(
			Object.keys(files)
				.filter((f) => !f.endsWith('/'))
				.sort()
		).toEqual([
			'README.txt',
			'ca.crt',
			'certs/client.alice.crt.ocsp',
			'certs/node.crt.ocsp',
			'responder/ca.crt',
			'responder/index.txt',
			'responder/index.txt.attr',
			'responder/responder.crt',
			'responder/responder.key',
			'responder/start-ocsp-responder.sh',
			'responses.txt'
		]);
		const script = new TextDecoder().decode(files['responder/start-ocsp-responder.sh']);
		expect(script).toContain('port="${OCSP_PORT:-24650}"');
		const index = new TextDecoder().decode(files['responder/index.txt']);
		expect(index.split('\n').map((l) => l.split('\t')[0] + ':' + (l.split('\t')[3] ?? ''))).toEqual([
			'R:11AA',
			'V:22BB',
			'V:33CC',
			':'
		]);
		expect(vault.records.ca(caId).ocsp).toEqual({
			lastSignedAt: new Date('2026-03-01T12:00:00Z'),
			nextUpdate: new Date('2026-03-04T12:00:00Z'),
			signedBy: 'delegated'
		});
	});

	test('presign refuses a validity past the CA, on the ocspDays field, and records nothing', async () => {
		const before = vault.records.ca(caId).ocsp;
		await expect(vault.ocsp.presign(caId, 400, 'ca')).rejects.toMatchObject({
			code: 'validity-beyond-ca',
			field: 'ocspDays'
		});
		expect(vault.records.ca(caId).ocsp).toEqual(before);
	});

	test('resign: the next CRL number and a new set, each as long as the last, signed as before', async () => {
		await vault.revocation.publishCrl(caId, 2);
		const lastNumber = vault.records.ca(caId).crl!.lastNumber;
		const { crl, ocsp } = await vault.ocsp.resign(caId);
		expect(crl.number).toBe(lastNumber + 1);
		expect(crl.nextUpdate.getTime() - crl.thisUpdate.getTime()).toBe(2 * DAY);
		expect(ocsp.nextUpdate.getTime() - ocsp.thisUpdate.getTime()).toBe(3 * DAY);
		expect(Object.keys(unzipSync(ocsp.zip))).toContain('responder/responder.key');
		expect(vault.records.ca(caId).crl!.lastNumber).toBe(lastNumber + 1);
	});
});
