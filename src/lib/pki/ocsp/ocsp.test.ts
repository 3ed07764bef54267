import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { pem } from '../der/pem';
import { issuerOf } from '../issue/issuer';
import { prepareLeaf } from '../issue/prepare';
import { signLeaf } from '../issue/sign';
import type { KeyAlgorithm } from '../algorithms';
import { generateKeyPair } from '../keys';
import { x509 } from '../x509';
import { pkijsEngine } from '../../testing/pkijs-reader';
import { indexSerial, opensslIndex } from './index-txt';
import { presignOcsp, type IssuedCertificateStatus } from './presign';
import { OID_OCSP_NOCHECK, OID_OCSP_SIGNING } from './responder-cert';

// The wall clock: `openssl ocsp` checks thisUpdate and nextUpdate against it (OCSP_check_validity), -attime or not.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 + 400);
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const DAY = 86_400_000;
const dates = { thisUpdate: new Date(NOW.getTime() - 400), nextUpdate: new Date(NOW.getTime() - 400 + 4 * DAY) };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A time as OpenSSL prints it (ASN1_TIME_print): "Mar  1 12:00:00 2026 GMT". */
const printed = (d: Date) =>
	`${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} GMT`;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const updates = `This Update: ${esc(printed(dates.thisUpdate))}\\n\\s+Next Update: ${esc(printed(dates.nextUpdate))}`;
const dir = mkdtempSync(join(tmpdir(), 'ocsp-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function caWithLeaves(keyAlgorithm: KeyAlgorithm, users: string[]) {
	const root = await createRootCa({ name: `OCSP ${keyAlgorithm}`, keyAlgorithm, days: 3660 }, deps);
	const issuer = { certificate: root.certificate, privateKey: root.keys.privateKey };
	const leaves: x509.X509Certificate[] = [];
	for (const user of users) {
		const template = prepareLeaf(
			{ profileId: 'cockroachdb', kindId: 'client', input: { users: user }, days: 30, keyAlgorithm: 'P-256' },
			{ name: root.certificate.subject, notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter },
			deps
		);
		const keys = await generateKeyPair('P-256', deps.crypto, false);
		leaves.push(await signLeaf(template, keys.publicKey, issuer, deps));
	}
	return { root, leaves };
}

const status = (leaf: x509.X509Certificate, file: string, revoked = false): IssuedCertificateStatus => ({
	serialHex: leaf.serialNumber.toLowerCase(),
	subject: leaf.subject,
	notAfter: leaf.notAfter,
	folder: '',
	certFile: file,
	...(revoked ? { revocation: { revokedAt: new Date('2026-02-20T08:00:00Z'), reason: 'keyCompromise' as const } } : {})
});

function write(name: string, data: Uint8Array | string): string {
	const path = join(dir, name);
	writeFileSync(path, data);
	return path;
}

/** `openssl ocsp -respin` as a relying party: verify the response for one certificate, print its status. */
function opensslCheck(response: Uint8Array, ca: NewRootCa, leaf: x509.X509Certificate, tag: string) {
	const caFile = write(`${tag}-ca.pem`, pem(new Uint8Array(ca.certificate.rawData), 'CERTIFICATE', true));
	const leafFile = write(`${tag}-leaf.pem`, pem(new Uint8Array(leaf.rawData), 'CERTIFICATE', true));
	const respFile = write(`${tag}.ocsp`, response);
	const result = spawnSync(
		'openssl',
		['ocsp', '-respin', respFile, '-CAfile', caFile, '-issuer', caFile, '-cert', leafFile, '-resp_text'],
		{ encoding: 'utf8' }
	);
	return { code: result.status, out: result.stdout + result.stderr };
}

let p256: Awaited<ReturnType<typeof caWithLeaves>>;
beforeAll(async () => {
	p256 = await caWithLeaves('P-256', ['alice', 'bob']);
});

describe('presignOcsp (RFC 6960 §4.2)', () => {
	test.each(['ca', 'delegated'] as const)(
		'signed by %s: OpenSSL verifies a good and a revoked response',
		async (signedBy) => {
			const [alice, bob] = p256.leaves as [x509.X509Certificate, x509.X509Certificate];
			const set = await presignOcsp(
				{
					ca: issuerOf({ certificate: p256.root.certificate, privateKey: p256.root.keys.privateKey }),
					caName: 'OCSP P-256',
					certificates: [status(alice, 'client.alice.crt', true), status(bob, 'client.bob.crt')],
					dates,
					signedBy
				},
				deps
			);
			expect(set.responses.map((r) => [r.path, r.status])).toEqual([
				['client.alice.crt.ocsp', 'revoked'],
				['client.bob.crt.ocsp', 'good']
			]);
			const file = (path: string) => set.files.find((f) => f.path === path)!.data as Uint8Array;
			const revoked = opensslCheck(file('client.alice.crt.ocsp'), p256.root, alice, `${signedBy}-alice`);
			expect(revoked.out).toContain('Response verify OK');
			expect(revoked.out).toMatch(
				new RegExp(
					`: revoked\\n\\s+${updates}\\n\\s+Reason: keyCompromise\\n\\s+Revocation Time: Feb 20 08:00:00 2026 GMT`
				)
			);
			expect(revoked.code).toBe(0);
			const good = opensslCheck(file('client.bob.crt.ocsp'), p256.root, bob, `${signedBy}-bob`);
			expect(good.out).toContain('Response verify OK');
			expect(good.out).toMatch(new RegExp(`: good\\n\\s+${updates}`));
			// The response for alice says nothing about bob: OpenSSL finds no status for his CertID.
			const wrong = opensslCheck(file('client.alice.crt.ocsp'), p256.root, bob, `${signedBy}-mixed`);
			expect(wrong.out).toMatch(/No Status found|ERROR/);
			if (signedBy === 'ca') {
				expect(revoked.out).toMatch(/Responder Id: [0-9A-F]{40}/);
				expect(set.files.some((f) => f.path.startsWith('responder/'))).toBe(false);
			} else {
				expect(set.files.map((f) => f.path)).toEqual(
					expect.arrayContaining([
						'responder/responder.crt',
						'responder/responder.key',
						'responder/index.txt',
						'responder/start-ocsp-responder.sh'
					])
				);
			}
		}
	);

	test('pkijs reads the response: status, CertID hashes and the signature by the CA', async () => {
		const [alice] = p256.leaves as [x509.X509Certificate];
		const set = await presignOcsp(
			{
				ca: issuerOf({ certificate: p256.root.certificate, privateKey: p256.root.keys.privateKey }),
				caName: 'x',
				certificates: [status(alice, 'a.crt')],
				dates,
				signedBy: 'ca'
			},
			deps
		);
		const der = set.files.find((f) => f.path === 'a.crt.ocsp')!.data as Uint8Array;
		const response = pkijs.OCSPResponse.fromBER(der.slice().buffer);
		expect(response.responseStatus.valueBlock.valueDec).toBe(0);
		const basic = pkijs.BasicOCSPResponse.fromBER(
			response.responseBytes!.response.valueBlock.valueHexView.slice().buffer
		);
		const [single] = basic.tbsResponseData.responses;
		expect(single!.certStatus.idBlock.tagNumber).toBe(0); // good [0]
		expect(single!.certID.hashAlgorithm.algorithmId).toBe('1.3.14.3.2.26');
		const ca = pkijs.Certificate.fromBER(p256.root.certificate.rawData);
		const leaf = pkijs.Certificate.fromBER(alice.rawData);
		const expected = new pkijs.CertID();
		await expected.createForCertificate(leaf, { hashAlgorithm: 'SHA-1', issuerCertificate: ca }, pkijsEngine);
		expect(single!.certID.isEqual(expected)).toBe(true);
		// responderID byKey: the SHA-1 of the CA's public key bits, which OpenSSL matches against the signer.
		const keyHashHex = Buffer.from(
			(basic.tbsResponseData.responderID as { valueBlock: { valueHexView: Uint8Array } }).valueBlock.valueHexView
		).toString('hex');
		expect(keyHashHex).toBe(Buffer.from(single!.certID.issuerKeyHash.valueBlock.valueHexView).toString('hex'));
		// A CA-signed response carries no certificates; pkijs finds its signer among `certs` by that key hash.
		expect(basic.certs).toBeUndefined();
		basic.certs = [ca];
		expect(await basic.verify({ trustedCerts: [ca] }, pkijsEngine)).toBe(true);
	});

	test('the delegated responder certificate: OCSPSigning, ocsp-nocheck, CA:FALSE, valid until nextUpdate, issued by the CA', async () => {
		const set = await presignOcsp(
			{
				ca: issuerOf({ certificate: p256.root.certificate, privateKey: p256.root.keys.privateKey }),
				caName: 'OCSP P-256',
				certificates: [],
				dates,
				signedBy: 'delegated'
			},
			deps
		);
		const cert = new x509.X509Certificate(set.responderDer!);
		expect(cert.subject).toBe('CN=OCSP P-256 OCSP Responder');
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([OID_OCSP_SIGNING]);
		expect(cert.getExtension(OID_OCSP_NOCHECK)).not.toBeNull();
		expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
		expect(cert.notAfter.toISOString()).toBe(dates.nextUpdate.toISOString());
		expect(
			await cert.verify({ publicKey: p256.root.certificate.publicKey, signatureOnly: true }, globalThis.crypto)
		).toBe(true);
		const text = execFileSync(
			'openssl',
			['x509', '-noout', '-text', '-in', write('responder.pem', pem(set.responderDer!, 'CERTIFICATE', true))],
			{ encoding: 'utf8' }
		);
		expect(text).toContain('OCSP Signing');
		expect(text).toContain('OCSP No Check');
		expect(set.responses).toEqual([]);
	});

	test('a path that would climb out of the unzip folder is not written', async () => {
		const [alice] = p256.leaves as [x509.X509Certificate];
		const set = await presignOcsp(
			{
				ca: issuerOf({ certificate: p256.root.certificate, privateKey: p256.root.keys.privateKey }),
				caName: 'x',
				certificates: [{ ...status(alice, 'node.crt'), folder: '../../etc' }],
				dates,
				signedBy: 'ca'
			},
			deps
		);
		expect(set.responses.map((r) => r.path)).toEqual([`by-serial/${alice.serialNumber.toLowerCase()}.ocsp`]);
	});

	test('expired certificates get no response; one path issued twice goes under by-serial/', async () => {
		const [alice, bob] = p256.leaves as [x509.X509Certificate, x509.X509Certificate];
		const expired = { ...status(alice, 'old.crt'), notAfter: new Date(dates.thisUpdate.getTime() - DAY) };
		const set = await presignOcsp(
			{
				ca: issuerOf({ certificate: p256.root.certificate, privateKey: p256.root.keys.privateKey }),
				caName: 'x',
				certificates: [
					expired,
					{ ...status(alice, 'node.crt'), folder: 'n1' },
					{ ...status(bob, 'node.crt'), folder: 'n1' }
				],
				dates,
				signedBy: 'ca'
			},
			deps
		);
		expect(set.responses.map((r) => r.path).sort()).toEqual(
			[
				`by-serial/${alice.serialNumber.toLowerCase()}/n1/node.crt.ocsp`,
				`by-serial/${bob.serialNumber.toLowerCase()}/n1/node.crt.ocsp`
			].sort()
		);
	});

	test.each(['P-384', 'Ed25519', 'RSA-2048'] as KeyAlgorithm[])(
		'a %s CA signs responses OpenSSL verifies',
		async (alg) => {
			const { root, leaves } = await caWithLeaves(alg, ['carol']);
			for (const signedBy of ['ca', 'delegated'] as const) {
				const set = await presignOcsp(
					{
						ca: issuerOf({ certificate: root.certificate, privateKey: root.keys.privateKey }),
						caName: 'y',
						certificates: [status(leaves[0]!, 'c.crt')],
						dates,
						signedBy
					},
					deps
				);
				const check = opensslCheck(
					set.files.find((f) => f.path === 'c.crt.ocsp')!.data as Uint8Array,
					root,
					leaves[0]!,
					`${alg}-${signedBy}`
				);
				expect(check.out).toContain('Response verify OK');
				expect(check.out).toContain(': good');
			}
		},
		60_000
	);
});

describe('opensslIndex (openssl ca database)', () => {
	test('V and R lines with tab-separated columns, serials as BN_bn2hex writes them', () => {
		const text = opensslIndex([
			{ serialHex: '00ff01', notAfter: new Date('2027-01-02T03:04:05Z'), subject: 'O=Cockroach, CN=node' },
			{
				serialHex: '7a',
				notAfter: new Date('2051-01-01T00:00:00Z'),
				subject: 'CN=a\\, b',
				revocation: { revokedAt: new Date('2026-02-20T08:00:00Z'), reason: 'cACompromise' }
			},
			{
				serialHex: '7b',
				notAfter: new Date('2027-01-01T00:00:00Z'),
				subject: 'CN=c',
				revocation: { revokedAt: new Date('2026-02-20T08:00:00Z'), reason: 'privilegeWithdrawn' }
			}
		]);
		expect(text).toBe(
			'R\t20510101000000Z\t260220080000Z,CACompromise\t7A\tunknown\t/CN=a, b\n' +
				'R\t270101000000Z\t260220080000Z\t7B\tunknown\t/CN=c\n' +
				'V\t270102030405Z\t\tFF01\tunknown\t/O=Cockroach/CN=node\n'
		);
		expect(indexSerial('0')).toBe('00');
		expect(indexSerial('abc')).toBe('0ABC');
	});
});
