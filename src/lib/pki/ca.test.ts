import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cidrOctets, parseNameConstraints } from './ca-input';
import { createIntermediateCa, createRootCa, type NewRootCa } from './ca';
import type { PkiDeps } from './deps';
import { pem } from './der/pem';
import { PkiError } from './errors';
import { nameConstraints } from './parse/extensions';
import { x509 } from './x509';

const NOW = new Date('2026-03-01T12:00:00.400Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const NC = '2.5.29.30';
const shape = (cert: x509.X509Certificate) => cert.extensions.map((e) => [e.type, e.critical]);

function opensslText(cert: x509.X509Certificate): string {
	const dir = mkdtempSync(join(tmpdir(), 'ca-test-'));
	writeFileSync(join(dir, 'c.pem'), pem(new Uint8Array(cert.rawData), 'CERTIFICATE'));
	return execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-text'], { encoding: 'utf8' });
}

let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'Root', keyAlgorithm: 'P-256', days: 3660 }, deps);
});

describe('root CA options', () => {
	test('without options it is exactly the plain root: BC, KU, SKI, AKI and no pathLen', () => {
		expect(shape(root.certificate)).toEqual([
			['2.5.29.19', true],
			['2.5.29.15', true],
			['2.5.29.14', false],
			['2.5.29.35', false]
		]);
		expect(root.certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBeUndefined();
	});

	test('name constraints (DNS, IP, URI) are critical, re-parse with @peculiar/x509 and read as openssl prints them', async () => {
		const { certificate } = await createRootCa(
			{
				name: 'Consul Agent CA',
				keyAlgorithm: 'P-256',
				days: 1825,
				subject: [
					{ type: 'C', value: 'US' },
					{ type: 'O', value: 'Lab' },
					{ type: 'CN', value: 'Consul Agent CA' }
				],
				uris: ['spiffe://11111111-2222-3333-4444-555555555555.consul'],
				pathLen: 1,
				nameConstraints: {
					dns: ['consul', 'localhost'],
					ip: ['10.0.0.0/8', 'fd00::/8'],
					uri: ['11111111-2222-3333-4444-555555555555.consul']
				}
			},
			deps
		);
		expect(certificate.subject).toBe('C=US, O=Lab, CN=Consul Agent CA');
		expect(certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(1);
		const ext = certificate.extensions.find((e) => e.type === NC);
		expect(ext?.critical).toBe(true);
		// The exact DER: [0] { dNSName consul } { dNSName localhost } { iPAddress 10.0.0.0 255.0.0.0 } { iPAddress fd00:: ffff:: ... } { URI }
		const parsed = nameConstraints(new x509.X509Certificate(certificate.rawData));
		expect(parsed?.permitted.map((n) => `${n.type}:${n.value}`)).toEqual([
			'dns:consul',
			'dns:localhost',
			'ip:10.0.0.0/8',
			'ip:fd00::/8',
			'uri:11111111-2222-3333-4444-555555555555.consul'
		]);
		expect(parsed?.excluded).toEqual([]);
		const text = opensslText(certificate);
		// The Permitted subtrees, in order (openssl puts each on a line of its own).
		const permitted = [
			'DNS:consul',
			'DNS:localhost',
			'IP:10.0.0.0/255.0.0.0',
			'IP:FD00:0:0:0:0:0:0:0/FF00:0:0:0:0:0:0:0',
			'URI:11111111-2222-3333-4444-555555555555.consul'
		];
		expect(text.replace(/\s+/g, ' ')).toContain(`X509v3 Name Constraints: critical Permitted: ${permitted.join(' ')}`);
		expect(text).toContain('URI:spiffe://11111111-2222-3333-4444-555555555555.consul');
		expect(text).toContain('CA:TRUE, pathlen:1');
	});

	test('user text becomes DNS domains and CIDR ranges; bad entries name the field', () => {
		expect(parseNameConstraints('consul, localhost\n192.168.0.0/16')).toEqual({
			dns: ['consul', 'localhost'],
			ip: ['192.168.0.0/16']
		});
		expect(parseNameConstraints('  ')).toBeUndefined();
		expect([...cidrOctets('192.168.7.9/20')]).toEqual([192, 168, 0, 0, 255, 255, 240, 0]);
		for (const bad of ['*.consul', '10.0.0.0/33', '300.0.0.0/8', 'bad_name']) {
			expect(() => parseNameConstraints(bad)).toThrow(PkiError);
			try {
				parseNameConstraints(bad);
			} catch (e) {
				expect((e as PkiError).code).toBe('constraint-invalid');
				expect((e as PkiError).field).toBe('nameConstraints');
			}
		}
	});
});

describe('intermediate CA', () => {
	test('is signed by the parent: issuer = parent subject bytes, AKI = parent SKI, KU and BC critical, pathLen 0', async () => {
		const inter = await createIntermediateCa(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{ name: 'Issuing CA', keyAlgorithm: 'P-384', days: 365, pathLen: 0, nameConstraints: { dns: ['example.test'] } },
			deps
		);
		const cert = inter.certificate;
		expect(cert.issuer).toBe('CN=Root');
		expect(Buffer.from(cert.issuerName.toArrayBuffer())).toEqual(
			Buffer.from(root.certificate.subjectName.toArrayBuffer())
		);
		expect(await cert.verify({ publicKey: root.certificate.publicKey, signatureOnly: true }, deps.crypto)).toBe(true);
		expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
			root.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId
		);
		expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
			x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
		);
		expect(shape(cert)).toEqual([
			['2.5.29.19', true],
			['2.5.29.15', true],
			['2.5.29.14', false],
			['2.5.29.30', true],
			['2.5.29.35', false]
		]);
		expect(cert.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
		expect(cert.notBefore).toEqual(new Date('2026-03-01T11:00:00Z'));
		expect(cert.notAfter).toEqual(new Date('2027-03-01T12:00:00Z'));
		expect(cert.serialNumber.length).toBeLessThanOrEqual(40);
	});

	test('validity beyond the parent is refused with how long the parent has left', async () => {
		const err = await createIntermediateCa(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{ name: 'Too long', keyAlgorithm: 'P-256', days: 4000 },
			deps
		).catch((e) => e);
		expect(err).toBeInstanceOf(PkiError);
		expect(err.code).toBe('validity-beyond-ca');
		expect(err.message).toContain('(3659 days left)');
		expect(err.field).toBe('validity');
	});

	test('pathLen must be below the parent; a pathLen 0 parent signs no CA; unset takes parent - 1', async () => {
		const parent = await createIntermediateCa(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{ name: 'Mid', keyAlgorithm: 'P-256', days: 900, pathLen: 1 },
			deps
		);
		const mid = { certificate: parent.certificate, privateKey: parent.keys.privateKey };
		const same = await createIntermediateCa(
			mid,
			{ name: 'Below', keyAlgorithm: 'P-256', days: 30, pathLen: 1 },
			deps
		).catch((e) => e);
		expect(same).toMatchObject({ code: 'pathlen-beyond-parent', field: 'pathLen' });
		expect(same.message).toContain('at most 0');
		const child = await createIntermediateCa(mid, { name: 'Below', keyAlgorithm: 'P-256', days: 30 }, deps);
		expect(child.certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
		const none = await createIntermediateCa(
			{ certificate: child.certificate, privateKey: child.keys.privateKey },
			{ name: 'Nope', keyAlgorithm: 'P-256', days: 10 },
			deps
		).catch((e) => e);
		expect(none).toMatchObject({ code: 'pathlen-beyond-parent' });
		expect(none.message).toContain('path length 0');
	});
});
