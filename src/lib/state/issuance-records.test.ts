import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { x509 } from '../pki/x509';
import type { CaRecord } from '../vault/schema';
import { VaultStore } from '../vault/store';
import type { WorkerRequest } from '../worker/protocol';
import type { CsrChoice } from './csr';
import { recordingWorker } from './testing/in-process-worker';
import { VaultState } from './vault.svelte';

// The page's download needs a DOM; here it only has to be asked for.
const downloads = vi.hoisted(() => [] as string[]);
const downloaded = vi.hoisted(() => new Map<string, Uint8Array>());
vi.mock('../download', () => ({
	downloadBytes: (name: string, data: Uint8Array) => {
		downloads.push(name);
		downloaded.set(name, data);
	}
}));

const NOW = new Date('2026-03-01T12:00:00Z');
const PASSPHRASE = 'correct horse battery staple';
const { worker, requests } = recordingWorker(NOW);
const lastRequest = <Op extends WorkerRequest['op']>(op: Op) =>
	requests.filter((r): r is Extract<WorkerRequest, { op: Op }> => r.op === op).at(-1)!;

let vault: VaultState;
let oldRoot: CaRecord;
let newRoot: CaRecord;
let csr: Uint8Array<ArrayBuffer>;

/** What the vault holds now, read from IndexedDB rather than from the page's copy. */
async function stored() {
	const store = await VaultStore.open();
	const certificates = await store.listCertificates();
	store.close();
	return certificates;
}

const serverChoice: CsrChoice = {
	mode: 'leaf',
	profileId: 'mtls',
	kindId: 'server',
	sans: 'DNS:node1.example.com',
	days: 30
};

const pemCount = (text: string | undefined) => text?.match(/BEGIN CERTIFICATE/g)?.length ?? 0;

beforeAll(async () => {
	vault = new VaultState(worker, () => NOW);
	await vault.load();
	const input = { keyAlgorithm: 'P-256' as const, days: 365, passphrase: PASSPHRASE, passphraseConfirm: PASSPHRASE };
	oldRoot = await vault.ca.create({ name: 'Old Root', ...input });
	// A Consul-style rotation under way: the new root is cross-signed by the old one, which is not retired.
	newRoot = await vault.rotation.rotateRoot(oldRoot.id, { name: 'New Root', ...input, style: 'cross-signed' });
	const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
	const request = await x509.Pkcs10CertificateRequestGenerator.create({
		name: 'CN=node1.example.com',
		keys,
		signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
		extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'node1.example.com' }])]
	});
	csr = new Uint8Array(request.rawData);
});

describe('CSR signing under a root rotation', () => {
	test('the lent CA carries the old root and the cross-signed new root, and the files ship them as a bundle does', async () => {
		expect(newRoot.crossSignedDer).toBeDefined();
		const signed = await vault.csr.sign(newRoot.id, csr, serverChoice);
		const { issuer } = lastRequest('csrSign');
		expect(issuer.alsoTrustedDer).toEqual([oldRoot.certificateDer]);
		expect(issuer.crossSignedDer).toEqual(newRoot.crossSignedDer);
		const file = (suffix: string) => signed.files.find((f) => f.path.endsWith(suffix))?.text;
		// ca.crt: the new root, then the old one a peer may still trust; the chain: the leaf, then the cross-signed root.
		expect(pemCount(file('ca.crt'))).toBe(2);
		expect(pemCount(file('-chain.crt'))).toBe(2);
	});

	test('the worker records the signed certificate before answering; the page shows the same record', async () => {
		const signed = await vault.csr.sign(newRoot.id, csr, serverChoice);
		const id = `${newRoot.id}:${signed.record.serialHex}`;
		const record = (await stored()).find((c) => c.id === id);
		expect(record).toMatchObject({
			id,
			origin: 'csr',
			issuedAt: NOW,
			caId: newRoot.id,
			certFile: 'node1-example-com.crt'
		});
		expect(record?.certificateDer).toEqual(signed.record.certificateDer);
		expect(vault.records.certificates.find((c) => c.id === id)).toEqual(record);
	});
});

describe('renewals are recorded by the worker too', () => {
	test('a CSR-signed certificate renewed for its key: same folder and file, origin csr, pointing at the old record', async () => {
		const old = vault.records.certificates.find((c) => c.origin === 'csr')!;
		const fileName = await vault.renewal.renewLeaf(old, 20);
		expect(fileName).toBe(old.certFile);
		const renewed = (await stored()).find((c) => c.renewalOf === old.id);
		expect(renewed).toMatchObject({
			origin: 'csr',
			issuedAt: NOW,
			folder: old.folder,
			certFile: old.certFile,
			caId: newRoot.id
		});
		expect(renewed?.id).toBe(`${newRoot.id}:${renewed?.serialHex}`);
		expect(lastRequest('renewLeafSameKey').recordIn).toMatchObject({ origin: 'csr', renewalOf: [old.id] });
		expect(vault.records.certificates.find((c) => c.id === renewed?.id)).toEqual(renewed);
	});

	test('re-issuing under the new root records each new certificate with the one it renews', async () => {
		await vault.issue.bundle(
			[{ role: 'ca', caId: oldRoot.id }],
			'cockroachdb',
			[
				{
					folder: 'node1',
					leaves: [
						{ profileId: 'cockroachdb', kindId: 'node', keyAlgorithm: 'P-256', days: 30, input: { hosts: 'node1.lab' } }
					]
				}
			],
			'old.zip',
			{ format: 'pem' }
		);
		const issued = (await stored()).filter((c) => c.caId === oldRoot.id);
		expect(issued).toHaveLength(1);
		const summary = await vault.renewal.reissueAll(oldRoot.id, newRoot.id);
		expect(summary.reissued).toBe(1);
		const reissued = (await stored()).find((c) => c.renewalOf === issued[0]!.id);
		expect(reissued).toMatchObject({ caId: newRoot.id, origin: 'generated', issuedAt: NOW, folder: 'node1' });
		expect(reissued?.certificateDer).toBeInstanceOf(Uint8Array);
		expect(vault.records.certificates.find((c) => c.id === reissued?.id)?.renewalOf).toBe(issued[0]!.id);
		expect(downloads.at(-1)).toBe(summary.zipName);
	});

	// The DER of pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C) and of PBES2 (RFC 8018 Appendix A.4).
	const pbeSha13Des = [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x03];
	const pbes2 = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
	const holds = (bytes: Uint8Array, oid: number[]) => bytes.some((_, i) => oid.every((b, k) => bytes[i + k] === b));

	/** Issues one Elasticsearch transport .p12 for `node` under the new root; answers its record. */
	async function issueP12(node: string, compatibility?: 'legacy') {
		const input = { nodeName: node, nodeFilename: '', nodeDns: `${node}.lab`, nodeIp: '', transportEku: 'none' };
		await vault.issue.bundle(
			[{ role: 'ca', caId: newRoot.id }],
			'elasticsearch',
			[
				{
					folder: '',
					leaves: [{ profileId: 'elasticsearch', kindId: 'transport', keyAlgorithm: 'P-256', days: 30, input }]
				}
			],
			`${node}.zip`,
			{ format: 'pkcs12', password: 'Elastic 42!', ...(compatibility ? { compatibility } : {}) }
		);
		return vault.records.certificates.find((c) => c.subject.includes(node) && !c.renewalOf)!;
	}

	/** The .p12 inside a downloaded zip. */
	function p12Of(zipName: string): Uint8Array {
		const files = unzipSync(downloaded.get(zipName)!);
		return files[Object.keys(files).find((n) => n.endsWith('.p12'))!]!;
	}

	test('a .p12 renewed with the legacy choice is a PBE-SHA1-3DES file; with the default, a PBES2 one', async () => {
		const original = await issueP12('es1');
		expect(original.deliveredAs).toBe('pkcs12');
		const legacy = p12Of(await vault.renewal.renewLeaf(original, 20, 'Elastic 42!', 'legacy'));
		expect(holds(legacy, pbeSha13Des)).toBe(true);
		expect(holds(legacy, pbes2)).toBe(false);
		const modern = p12Of(await vault.renewal.renewLeaf(original, 20, 'Elastic 42!'));
		expect(holds(modern, pbes2)).toBe(true);
		expect(holds(modern, pbeSha13Des)).toBe(false);
	});

	test('a .p12 issued legacy is recorded so, and its renewal is legacy unless the user picks otherwise', async () => {
		const original = await issueP12('es2', 'legacy');
		expect(original).toMatchObject({ deliveredAs: 'pkcs12', pkcs12Compatibility: 'legacy' });
		expect(holds(p12Of(await vault.renewal.renewLeaf(original, 20, 'Elastic 42!')), pbeSha13Des)).toBe(true);
		const renewed = vault.records.certificates.find((c) => c.renewalOf === original.id)!;
		expect(renewed.pkcs12Compatibility).toBe('legacy');
	});
});
