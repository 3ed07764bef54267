import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { PkiError } from '../errors';
import { prepareLeaf } from '../issue/prepare';
import { x509 } from '../x509';
import { caCsr } from './ca-csr';
import { checkCsr } from './describe';
import { checkSubjectKey } from './key-policy';
import type { KeyInfo } from '../parse/key-info';
import { matchSignedCa } from './import-signed';
import { readCertificates, readCsr } from './read';
import { signCsrCa } from './sign-ca';
import { signCsrLeaf } from './sign-leaf';

const NOW = new Date('2026-03-01T12:00:00.400Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const enc = (s: string) => new TextEncoder().encode(s);

async function makeCsr(
	keys: CryptoKeyPair,
	name: string,
	extensions: x509.Extension[],
	signingAlgorithm: Algorithm | EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' }
) {
	return x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm, extensions }, deps.crypto);
}
const p256 = () => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const rsa = (bits: number) =>
	crypto.subtle.generateKey(
		{ name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
		true,
		['sign', 'verify']
	);
const sanExt = new x509.SubjectAlternativeNameExtension([
	{ type: 'dns', value: 'db1.example.com' },
	{ type: 'ip', value: '10.0.0.5' }
]);

async function expectPkiError(promise: Promise<unknown>, code: string, field: string, text: RegExp) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(PkiError);
	expect((error as PkiError).code).toBe(code);
	expect((error as PkiError).field).toBe(field);
	expect((error as PkiError).message).toMatch(text);
}

let root: NewRootCa;
let nodeCsr: x509.Pkcs10CertificateRequest;
const facts = () => ({ name: 'Root', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter });
beforeAll(async () => {
	root = await createRootCa({ name: 'Offline Root', keyAlgorithm: 'P-256', days: 3650, pathLen: 2 }, deps);
	nodeCsr = await makeCsr(await p256(), 'O=Example, CN=db1.example.com', [sanExt]);
});

describe('reading and checking a CSR', () => {
	test('PEM and DER read the same; the description says what it asks for', async () => {
		const fromPem = readCsr(enc(nodeCsr.toString('pem')));
		const fromDer = readCsr(new Uint8Array(nodeCsr.rawData));
		expect(new Uint8Array(fromPem.rawData)).toEqual(new Uint8Array(fromDer.rawData));
		const summary = await checkCsr(fromPem, deps.crypto);
		expect(summary).toMatchObject({
			subject: 'O=Example, CN=db1.example.com',
			commonName: 'db1.example.com',
			key: 'ECDSA P-256',
			sans: ['DNS:db1.example.com', 'IP:10.0.0.5'],
			requestsCa: false,
			requested: []
		});
	});

	test('a CSR whose signature was altered is refused on the CSR input', async () => {
		const der = new Uint8Array(nodeCsr.rawData);
		der[der.length - 3]! ^= 0x01;
		await expectPkiError(
			checkCsr(readCsr(der), deps.crypto),
			'csr-signature-invalid',
			'csr',
			/signature does not match its public key/
		);
	});

	test('RSA 1024 is refused with the reason; RSA 2048 is accepted', async () => {
		const weak = await makeCsr(await rsa(1024), 'CN=weak', [], { name: 'RSASSA-PKCS1-v1_5' });
		await expectPkiError(checkCsr(weak, deps.crypto), 'key-unsupported', 'csr', /RSA 1024: RSA keys below 2048 bits/);
		const ok = await makeCsr(await rsa(2048), 'CN=ok', [], { name: 'RSASSA-PKCS1-v1_5' });
		expect((await checkCsr(ok, deps.crypto)).key).toBe('RSA 2048');
	});

	test('curves and key types outside the policy are refused by name', () => {
		const refusal = (key: KeyInfo) => {
			try {
				checkSubjectKey(key);
				return 'accepted';
			} catch (e) {
				return (e as PkiError).message.split(',')[0];
			}
		};
		expect(refusal({ type: 'EC', oid: '1.2.840.10045.2.1', curve: 'P-224', bits: 224, label: 'ECDSA P-224' })).toBe(
			'The key is ECDSA P-224'
		);
		expect(refusal({ type: 'Ed448', oid: '1.3.101.113', label: 'Ed448' })).toBe('The key is Ed448');
		expect(refusal({ type: 'RSA', oid: '1.2.840.113549.1.1.1', bits: 2047, label: 'RSA 2047' })).toMatch(
			/RSA 2047: RSA keys below 2048 bits/
		);
		expect(refusal({ type: 'EC', oid: '1.2.840.10045.2.1', curve: 'P-521', bits: 521, label: 'ECDSA P-521' })).toBe(
			'accepted'
		);
	});

	test('garbage, truncated and empty input get plain messages', () => {
		const codeOf = (f: () => unknown) => {
			try {
				f();
			} catch (e) {
				return `${(e as PkiError).code}/${(e as PkiError).field}`;
			}
			return 'none';
		};
		expect(codeOf(() => readCsr(enc('hello world')))).toBe('input-unrecognized/csr');
		expect(codeOf(() => readCsr(new Uint8Array(nodeCsr.rawData).slice(0, 60)))).toBe('input-malformed/csr');
		expect(codeOf(() => readCsr(new Uint8Array()))).toBe('input-empty/csr');
		const pemText = nodeCsr.toString('pem');
		expect(codeOf(() => readCsr(enc(pemText.replace('MII', 'M!I'))))).toBe('input-malformed/csr');
		expect(codeOf(() => readCertificates(enc(pemText), 'chain'))).toBe('input-unrecognized/chain');
	});
});

describe('signing a CSR as a leaf', () => {
	test('mtls server: CSR key and subject, edited SANs, profile EKU, fixed validity; renewable request', async () => {
		const signed = await signCsrLeaf(
			nodeCsr,
			{ profileId: 'mtls', kindId: 'server', sans: 'DNS:db1.example.com\nDNS:db.example.com\n10.0.0.5', days: 90 },
			{ certificate: root.certificate, privateKey: root.keys.privateKey, name: 'Root' },
			deps
		);
		const cert = new x509.X509Certificate(signed.certificateDer);
		expect(new Uint8Array(cert.publicKey.rawData)).toEqual(new Uint8Array(nodeCsr.publicKey.rawData));
		expect(cert.subject).toBe('O=Example, CN=db1.example.com');
		expect(cert.issuer).toBe(root.certificate.subject);
		expect(cert.notBefore.toISOString()).toBe('2026-03-01T11:00:00.000Z');
		expect(cert.notAfter.toISOString()).toBe('2026-05-30T12:00:00.000Z');
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['1.3.6.1.5.5.7.3.1']);
		expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
		expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
		expect(
			cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`)
		).toEqual(['dns:db1.example.com', 'dns:db.example.com', 'ip:10.0.0.5']);
		expect(await cert.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }, deps.crypto)).toBe(true);
		expect(signed.request).toMatchObject({
			profileId: 'mtls',
			kindId: 'server',
			days: 90,
			keyAlgorithm: 'P-256',
			input: { serverHosts: 'db1.example.com, db.example.com, 10.0.0.5' }
		});
		expect(prepareLeaf(signed.request, facts(), deps).sans).toEqual(signed.template.sans);
	});

	test('Elasticsearch transport: DNS names and addresses go to their own fields of the stored request', async () => {
		const signed = await signCsrLeaf(
			nodeCsr,
			{
				profileId: 'elasticsearch',
				kindId: 'transport',
				sans: 'DNS:es1.local, IP:10.1.1.1',
				days: 30,
				choices: { transportEku: 'both' }
			},
			{ certificate: root.certificate, privateKey: root.keys.privateKey, name: 'Root' },
			deps
		);
		expect(signed.request.input).toMatchObject({ nodeDns: 'es1.local', nodeIp: '10.1.1.1' });
		const eku = new x509.X509Certificate(signed.certificateDer).getExtension(x509.ExtendedKeyUsageExtension)?.usages;
		expect(eku).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
	});

	test('validity beyond the CA, a bad SAN and a subject attribute we cannot write are refused on their inputs', async () => {
		const issuer = { certificate: root.certificate, privateKey: root.keys.privateKey, name: 'Root' };
		await expectPkiError(
			signCsrLeaf(nodeCsr, { profileId: 'mtls', kindId: 'server', sans: 'db1.example.com', days: 4000 }, issuer, deps),
			'validity-beyond-ca',
			'validity',
			/would outlast the CA/
		);
		await expectPkiError(
			signCsrLeaf(nodeCsr, { profileId: 'mtls', kindId: 'server', sans: 'IP:db1', days: 30 }, issuer, deps),
			'ip-invalid',
			'sans',
			/not an IP/
		);
		const withEmail = await makeCsr(await p256(), 'CN=x, E=x@example.com', []);
		await expectPkiError(
			signCsrLeaf(withEmail, { profileId: 'mtls', kindId: 'client', sans: '', days: 30 }, issuer, deps),
			'csr-subject-unsupported',
			'csr',
			/E=x@example.com/
		);
	});
});

describe("signing an online CA's CSR as an intermediate", () => {
	test('CA:TRUE with the chosen path length, keyCertSign + cRLSign, inside the issuer; the requested spiffe URI kept', async () => {
		const onlineCsr = await makeCsr(await p256(), 'CN=Vault Intermediate', [
			new x509.BasicConstraintsExtension(true, undefined, true)
		]);
		expect((await checkCsr(onlineCsr, deps.crypto)).requested).toEqual(['to be a CA']);
		const ca = await signCsrCa(
			onlineCsr,
			{ days: 365, pathLen: 0, sans: 'URI:spiffe://11111111-2222-3333-4444-555555555555.consul' },
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			deps
		);
		const bc = ca.getExtension(x509.BasicConstraintsExtension);
		expect([bc?.ca, bc?.pathLength, bc?.critical]).toEqual([true, 0, true]);
		expect(ca.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
			x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
		);
		expect(ca.notAfter.toISOString()).toBe('2027-03-01T12:00:00.000Z');
		expect(ca.subject).toBe('CN=Vault Intermediate');
		expect(new Uint8Array(ca.publicKey.rawData)).toEqual(new Uint8Array(onlineCsr.publicKey.rawData));
		expect(ca.getExtension(x509.SubjectAlternativeNameExtension)?.names.items[0]?.value).toBe(
			'spiffe://11111111-2222-3333-4444-555555555555.consul'
		);
		expect(await ca.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }, deps.crypto)).toBe(true);
	});

	test("a path length not below the issuer's, or a lifetime beyond it, is refused", async () => {
		const onlineCsr = await makeCsr(await p256(), 'CN=step-ca', []);
		const issuer = { certificate: root.certificate, privateKey: root.keys.privateKey };
		await expectPkiError(
			signCsrCa(onlineCsr, { days: 365, pathLen: 2, sans: '' }, issuer, deps),
			'pathlen-beyond-parent',
			'pathLen',
			/at most 1/
		);
		await expectPkiError(
			signCsrCa(onlineCsr, { days: 4000, sans: '' }, issuer, deps),
			'validity-beyond-ca',
			'validity',
			/outlast/
		);
		const noLimit = await signCsrCa(onlineCsr, { days: 30, sans: '' }, issuer, deps);
		expect(noLimit.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(1);
	});
});

describe('a CSR for one of our CAs, and the certificate an outside root signs back', () => {
	let ours: NewRootCa;
	let orgRoot: NewRootCa;
	let ourCsr: x509.Pkcs10CertificateRequest;
	beforeAll(async () => {
		ours = await createRootCa({ name: 'Cluster CA', keyAlgorithm: 'P-256', days: 3650 }, deps);
		orgRoot = await createRootCa({ name: 'Org Root', keyAlgorithm: 'P-384', days: 7300 }, deps);
		ourCsr = await caCsr(ours.certificate, ours.keys.privateKey, deps);
	});

	test("the CSR carries the CA's subject and key, asks for CA:TRUE, and its signature verifies", async () => {
		expect(ourCsr.subject).toBe('CN=Cluster CA');
		expect(new Uint8Array(ourCsr.publicKey.rawData)).toEqual(new Uint8Array(ours.certificate.publicKey.rawData));
		const summary = await checkCsr(ourCsr, deps.crypto);
		expect(summary.requestsCa).toBe(true);
		expect(summary.requested[0]).toBe('to be a CA');
	});

	test('the signed certificate replaces ours with the outside chain nearest first', async () => {
		const signed = await signCsrCa(
			ourCsr,
			{ days: 1000, sans: '' },
			{ certificate: orgRoot.certificate, privateKey: orgRoot.keys.privateKey },
			deps
		);
		const result = await matchSignedCa(ours.certificate, [orgRoot.certificate, signed], NOW, deps.crypto);
		expect(result.certificateDer).toEqual(new Uint8Array(signed.rawData));
		expect(result.chainDer).toEqual([new Uint8Array(orgRoot.certificate.rawData)]);
		expect(result.rootSubject).toBe('CN=Org Root');
		expect(result.notAfter.toISOString()).toBe('2028-11-25T12:00:00.000Z');
		expect(result.subjectChanged).toBeUndefined();
	});

	test('a root that renamed the CA is accepted, and the result says what was issued before no longer chains', async () => {
		const renamed = await x509.X509CertificateGenerator.create(
			{
				serialNumber: '01',
				subject: 'CN=Renamed CA',
				issuer: orgRoot.certificate.subjectName,
				notBefore: new Date('2026-03-01T00:00:00Z'),
				notAfter: new Date('2027-03-01T00:00:00Z'),
				publicKey: ourCsr.publicKey,
				signingKey: orgRoot.keys.privateKey,
				signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
				extensions: [new x509.BasicConstraintsExtension(true, undefined, true)]
			},
			deps.crypto
		);
		const result = await matchSignedCa(ours.certificate, [renamed, orgRoot.certificate], NOW, deps.crypto);
		expect(result.subjectChanged).toEqual({ before: 'CN=Cluster CA', after: 'CN=Renamed CA' });
	});

	test('another key, a non-CA certificate, a missing root and a wrong root are refused on their inputs', async () => {
		const issuer = { certificate: orgRoot.certificate, privateKey: orgRoot.keys.privateKey };
		const stranger = await signCsrCa(
			await makeCsr(await p256(), 'CN=Cluster CA', []),
			{ days: 100, sans: '' },
			issuer,
			deps
		);
		await expectPkiError(
			matchSignedCa(ours.certificate, [stranger, orgRoot.certificate], NOW, deps.crypto),
			'certificate-key-mismatch',
			'signedCert',
			/carries the key of this CA/
		);
		await expectPkiError(
			matchSignedCa(ours.certificate, [ours.certificate], NOW, deps.crypto),
			'certificate-is-current',
			'signedCert',
			/the CA's current certificate/
		);
		const leaf = await signCsrLeaf(
			ourCsr,
			{ profileId: 'mtls', kindId: 'client', sans: '', days: 100 },
			{ ...issuer, name: 'Org' },
			deps
		);
		await expectPkiError(
			matchSignedCa(
				ours.certificate,
				[new x509.X509Certificate(leaf.certificateDer), orgRoot.certificate],
				NOW,
				deps.crypto
			),
			'certificate-not-ca',
			'signedCert',
			/not a CA certificate/
		);
		const signed = await signCsrCa(ourCsr, { days: 100, sans: '' }, issuer, deps);
		await expectPkiError(
			matchSignedCa(ours.certificate, [signed], NOW, deps.crypto),
			'chain-incomplete',
			'chain',
			/certificate of CN=Org Root is missing/
		);
		const otherRoot = await createRootCa({ name: 'Org Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
		await expectPkiError(
			matchSignedCa(ours.certificate, [signed, otherRoot.certificate], NOW, deps.crypto),
			'chain-incomplete',
			'chain',
			/did not sign it/
		);
	});
});
