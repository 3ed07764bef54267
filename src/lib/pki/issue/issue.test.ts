import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { PkiError } from '../errors';
import { generateKeyPair } from '../keys';
import { x509 } from '../x509';
import { prepareLeaf, type LeafRequest } from './prepare';
import { issuerKeyId } from './issuer';
import { signLeaf } from './sign';

const NOW = new Date('2026-03-01T12:00:00.400Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };

const OID = {
	basicConstraints: '2.5.29.19',
	keyUsage: '2.5.29.15',
	extKeyUsage: '2.5.29.37',
	subjectAltName: '2.5.29.17',
	subjectKeyId: '2.5.29.14',
	authorityKeyId: '2.5.29.35'
};

/** [oid, critical] of each extension, in order: pins exactly what a certificate carries. */
function extensionShape(cert: x509.X509Certificate): [string, boolean][] {
	return cert.extensions.map((e) => [e.type, e.critical]);
}

let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'Golden Root CA', keyAlgorithm: 'P-256', days: 3660 }, deps);
});

async function issue(request: Pick<LeafRequest, 'kindId' | 'input'> & Partial<LeafRequest>) {
	const full: LeafRequest = { profileId: 'cockroachdb', days: 1830, keyAlgorithm: 'P-256', ...request };
	const template = prepareLeaf(
		full,
		{ name: 'Golden Root CA', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter },
		deps
	);
	const keys = await generateKeyPair(full.keyAlgorithm, deps.crypto, true);
	const cert = await signLeaf(
		template,
		keys.publicKey,
		{ certificate: root.certificate, privateKey: root.keys.privateKey },
		deps
	);
	return { template, cert, keys };
}

describe('root CA', () => {
	test('is self-signed with CA:TRUE critical, keyCertSign + cRLSign, SKI = AKI, whole-second dates', async () => {
		const cert = root.certificate;
		expect(cert.subject).toBe('CN=Golden Root CA');
		expect(cert.issuer).toBe('CN=Golden Root CA');
		expect(cert.notBefore).toEqual(new Date('2026-03-01T11:00:00Z'));
		expect(cert.notAfter).toEqual(new Date('2036-03-08T12:00:00Z'));
		expect(extensionShape(cert)).toEqual([
			[OID.basicConstraints, true],
			[OID.keyUsage, true],
			[OID.subjectKeyId, false],
			[OID.authorityKeyId, false]
		]);
		const bc = cert.getExtension(x509.BasicConstraintsExtension);
		expect(bc?.ca).toBe(true);
		expect(bc?.pathLength).toBeUndefined();
		const ku = cert.getExtension(x509.KeyUsagesExtension);
		expect(ku?.usages).toBe(
			x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
		);
		const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension);
		expect(aki?.keyId).toBe(issuerKeyId(cert));
		expect(await cert.verify({ signatureOnly: true }, deps.crypto)).toBe(true);
	});

	test('serial is positive, 16 octets, random', async () => {
		const other = await createRootCa({ name: 'Other', keyAlgorithm: 'P-256', days: 10 }, deps);
		expect(root.certificate.serialNumber).toMatch(/^[0-7][0-9a-f]{31}$/);
		expect(other.certificate.serialNumber).not.toBe(root.certificate.serialNumber);
	});

	test('refuses an empty or over-long name', async () => {
		await expect(createRootCa({ name: '  ', keyAlgorithm: 'P-256', days: 10 }, deps)).rejects.toMatchObject({
			code: 'name-invalid',
			field: 'name'
		});
		await expect(createRootCa({ name: 'x'.repeat(65), keyAlgorithm: 'P-256', days: 10 }, deps)).rejects.toThrow(
			/at most 64/
		);
	});
});

describe('CockroachDB leaves, as its custom-CA guide lays them out', () => {
	test('node: O=Cockroach, CN=node, host SANs, serverAuth + clientAuth', async () => {
		const { cert, template } = await issue({ kindId: 'node', input: { hosts: 'node1.lab.internal, 10.0.0.5 ::1' } });
		expect(cert.subject).toBe('O=Cockroach, CN=node');
		expect(cert.issuer).toBe('CN=Golden Root CA');
		expect(template.files).toEqual({ cert: 'node.crt', key: 'node.key' });
		expect(extensionShape(cert)).toEqual([
			[OID.basicConstraints, true],
			[OID.keyUsage, true],
			[OID.subjectKeyId, false],
			[OID.authorityKeyId, false],
			[OID.extKeyUsage, false],
			[OID.subjectAltName, false]
		]);
		expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
		expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
			x509.ExtendedKeyUsage.serverAuth,
			x509.ExtendedKeyUsage.clientAuth
		]);
		expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
			{ type: 'dns', value: 'node1.lab.internal' },
			{ type: 'ip', value: '10.0.0.5' },
			{ type: 'ip', value: '::1' }
		]);
		expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(issuerKeyId(root.certificate));
		expect(cert.notBefore).toEqual(new Date('2026-03-01T11:00:00Z'));
		expect(cert.notAfter).toEqual(new Date('2031-03-05T12:00:00Z'));
		expect(await cert.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }, deps.crypto)).toBe(true);
	});

	test('client: CN=<normalised user>, clientAuth only, no SAN, client.<user> files', async () => {
		const { cert, template } = await issue({ kindId: 'client', input: { users: 'Marc' } });
		expect(cert.subject).toBe('O=Cockroach, CN=marc');
		expect(template.files).toEqual({ cert: 'client.marc.crt', key: 'client.marc.key' });
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
		expect(cert.getExtension(x509.SubjectAlternativeNameExtension)).toBeNull();
	});

	test('ui: CN = first host, serverAuth only', async () => {
		const { cert, template } = await issue({ kindId: 'ui', input: { uiHosts: 'console.lab.internal 10.0.0.9' } });
		expect(cert.subject).toBe('O=Cockroach, CN=console.lab.internal');
		expect(template.files.cert).toBe('ui.crt');
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
	});

	test('an RSA leaf also gets keyEncipherment; Ed25519 only digitalSignature', async () => {
		const rsa = await issue({ kindId: 'node', input: { hosts: 'a.lab' }, keyAlgorithm: 'RSA-2048' });
		expect(rsa.cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
			x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
		);
		const ed = await issue({ kindId: 'node', input: { hosts: 'a.lab' }, keyAlgorithm: 'Ed25519' });
		expect(ed.cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
	});

	test('policy refuses before any key is made: bad host, bad user, validity past the CA', () => {
		const issuer = {
			name: 'Golden Root CA',
			notBefore: root.certificate.notBefore,
			notAfter: root.certificate.notAfter
		};
		const base = { profileId: 'cockroachdb', keyAlgorithm: 'P-256' as const };
		expect(() =>
			prepareLeaf({ ...base, kindId: 'node', input: { hosts: '10.0.0.300' }, days: 10 }, issuer, deps)
		).toThrow(PkiError);
		expect(() =>
			prepareLeaf({ ...base, kindId: 'client', input: { users: 'bad user' }, days: 10 }, issuer, deps)
		).toThrow(/contains " "/);
		expect(() => prepareLeaf({ ...base, kindId: 'node', input: { hosts: 'a.lab' }, days: 4000 }, issuer, deps)).toThrow(
			/3659 days left/
		);
	});
});
