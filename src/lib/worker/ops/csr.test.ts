import { beforeAll, describe, expect, test } from 'vitest';
import { PkiError } from '../../pki/errors';
import { readZip } from '../../pki/parse/zip';
import { DEFAULT_LIMITS } from '../../pki/parse';
import { x509 } from '../../pki/x509';
import { lent, testContext, testIntermediateCa, testRootCa } from '../../testing/worker-cas';
import { operations } from '../operations';
import type { CreatedCa, UnlockedCa } from '../types';
import type { CsrSignRequest } from './csr';

const ctx = testContext(new Date('2026-03-01T12:00:00.400Z'));
const { deps } = ctx;
const enc = (s: string) => new TextEncoder().encode(s);

let root: CreatedCa;
let inter: CreatedCa;
let issuer: UnlockedCa;
let csrPem: string;
type CsrChoice = CsrSignRequest['choice'];
const serverChoice: CsrChoice = {
	mode: 'leaf',
	profileId: 'mtls',
	kindId: 'server',
	sans: 'DNS:node1.example.com',
	days: 30
};
const signCsr = (by: UnlockedCa, choice: CsrChoice, csr = csrPem) =>
	operations.csrSign({ csr: enc(csr), issuer: by, choice }, ctx);
beforeAll(async () => {
	root = await testRootCa(ctx, { id: 'r', name: 'Offline Root', days: 3650 });
	inter = await testIntermediateCa(ctx, root, { id: 'i', name: 'Issuing CA', days: 1000, options: { pathLen: 0 } });
	issuer = lent(inter, 'i', 'Issuing CA', { chainDer: [root.certificateDer] });
	const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
	const csr = await x509.Pkcs10CertificateRequestGenerator.create(
		{
			name: 'CN=node1.example.com',
			keys,
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'node1.example.com' }])]
		},
		deps.crypto
	);
	csrPem = csr.toString('pem');
});

describe('worker operations for CSRs', () => {
	test('csrDescribe answers in plain data; a bad CSR is a PkiError on the CSR input', async () => {
		const summary = await operations.csrDescribe({ csr: enc(csrPem) }, ctx);
		expect(summary).toMatchObject({
			commonName: 'node1.example.com',
			editableSans: ['DNS:node1.example.com'],
			key: 'ECDSA P-256'
		});
		expect(structuredClone(summary)).toEqual(summary);
		const error = await operations.csrDescribe({ csr: enc('not a csr') }, ctx).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PkiError);
		expect((error as PkiError).field).toBe('csr');
	});

	test('csrSign (leaf) zips <name>.crt, <name>-chain.crt (leaf + intermediate) and ca.crt (the root), and returns a renewable record', async () => {
		const signed = await signCsr(issuer, serverChoice);
		expect(signed.zipName).toBe('node1-example-com-signed.zip');
		expect(signed.files.map((f) => f.path)).toEqual(['node1-example-com.crt', 'node1-example-com-chain.crt', 'ca.crt']);
		const count = (t: string) => (t.match(/BEGIN CERTIFICATE/g) ?? []).length;
		expect(signed.files.map((f) => count(f.text))).toEqual([1, 2, 1]);
		expect(signed.files[2]?.text).toBe(new x509.X509Certificate(root.certificateDer).toString('pem') + '\n');
		const entries = readZip(signed.zip, 'z.zip', DEFAULT_LIMITS).entries;
		expect(entries.map((e) => `${e.path} ${e.mode?.toString(8)}`).sort()).toEqual([
			'ca.crt 644',
			'node1-example-com-chain.crt 644',
			'node1-example-com.crt 644'
		]);
		expect(signed.record).toMatchObject({
			caId: 'i',
			subject: 'CN=node1.example.com',
			sans: ['DNS:node1.example.com'],
			profileId: 'mtls',
			kindId: 'server',
			certFile: 'node1-example-com.crt'
		});
		expect('request' in signed.record && signed.record.request.input.serverHosts).toBe('node1.example.com');
		expect(structuredClone(signed)).toEqual(signed);
	});

	test('csrSign during a root rotation: the chain file carries the cross-signed root after the leaf, ca.crt the old root too', async () => {
		const old = await testRootCa(ctx, { id: 'old', name: 'Old Root', days: 3650 });
		const crossSignedDer = await operations.crossSignRoot(
			{
				newRootDer: root.certificateDer,
				oldRoot: { certificateDer: old.certificateDer, privateKey: old.privateKey }
			},
			ctx
		);
		const signed = await signCsr(
			lent(root, 'r', 'Offline Root', { alsoTrustedDer: [old.certificateDer], crossSignedDer }),
			serverChoice
		);
		const blocks = (text: string) =>
			(text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map((b) =>
				Buffer.from(new x509.X509Certificate(b).rawData).toString('hex')
			);
		const hex = (der: Uint8Array) => Buffer.from(der).toString('hex');
		const [certFile, chainFile, caFile] = signed.files.map((f) => blocks(f.text));
		expect(chainFile).toEqual([certFile![0], hex(crossSignedDer)]);
		expect(caFile).toEqual([hex(root.certificateDer), hex(old.certificateDer)]);
	});

	test('csrSign (ca) under a CA of path length 0 is refused on the path length', async () => {
		const error = await signCsr(issuer, { mode: 'ca', days: 30, sans: '' }).catch((e: unknown) => e);
		expect((error as PkiError).code).toBe('pathlen-beyond-parent');
		const fromRoot = await signCsr(lent(root, 'r', 'Offline Root'), { mode: 'ca', days: 30, pathLen: 0, sans: '' });
		expect(fromRoot.record).toMatchObject({ profileId: 'csr', kindId: 'intermediate-ca', caId: 'r' });
		expect(fromRoot.files.map((f) => f.path)).toEqual([
			'node1-example-com.crt',
			'node1-example-com-chain.crt',
			'ca.crt'
		]);
	});

	test('caCsr then caImportSigned: our root becomes an intermediate of an outside root; chainSubjects names it', async () => {
		const { pem } = await operations.caCsr({ certificateDer: root.certificateDer, privateKey: root.privateKey }, ctx);
		expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
		const org = await testRootCa(ctx, { id: 'o', name: 'Org Root', days: 7300 });
		const signed = await signCsr(lent(org, 'o', 'Org Root'), { mode: 'ca', days: 2000, pathLen: 1, sans: '' }, pem);
		const [certFile, , caFile] = signed.files;
		const imported = await operations.caImportSigned(
			{ currentDer: root.certificateDer, signed: enc(certFile!.text), chain: enc(caFile!.text) },
			ctx
		);
		expect(imported.chainDer).toEqual([org.certificateDer]);
		expect(imported.pathLen).toBe(1);
		expect(await operations.chainSubjects({ chainDer: imported.chainDer })).toEqual(['CN=Org Root']);
		const missing = await operations
			.caImportSigned({ currentDer: root.certificateDer, signed: enc(certFile!.text), chain: new Uint8Array() }, ctx)
			.catch((e: unknown) => e);
		expect((missing as PkiError).code).toBe('chain-incomplete');
		const garbage = await operations
			.caImportSigned(
				{
					currentDer: root.certificateDer,
					signed: enc(certFile!.text),
					chain: enc('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
				},
				ctx
			)
			.catch((e: unknown) => e);
		expect([(garbage as PkiError).code, (garbage as PkiError).field]).toEqual(['input-malformed', 'chain']);
	});
});
