import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csrFor, selfSignedP256 } from '../../testing/openssl';
import { x509 } from '../x509';
import { describeCertificate } from './describe-cert';
import { describeCrl, describeCsr } from './describe-csr-crl';
import { parseInputs } from './parse';
import type { InputFile, ParsedItem } from './types';

/** Every input format, made by OpenSSL, keytool, zip and the x509 library, plus damaged and refused inputs. */

const crypto = globalThis.crypto;
const deps = { crypto };
let dir: string;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const file = (name: string): InputFile => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const kinds = (items: ParsedItem[]) => items.map((i) => i.kind);
const NOW = new Date('2030-06-01T00:00:00Z');

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'parse-'));
	sh(
		'openssl',
		selfSignedP256('p8.key', 'ec.crt', '/CN=node', [
			'subjectAltName=DNS:node1.lab,IP:10.0.0.5,URI:spiffe://lab/ns/default/sa/web',
			'extendedKeyUsage=serverAuth,clientAuth'
		])
	);
	sh('openssl', ['x509', '-in', 'ec.crt', '-outform', 'DER', '-out', 'ec.der']);
	sh('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-out', 'sec1.key']);
	sh('openssl', ['genrsa', '-traditional', '-out', 'pkcs1.key', '2048']);
	sh('openssl', [
		'pkcs8',
		'-topk8',
		'-v2',
		'aes-256-cbc',
		'-in',
		'p8.key',
		'-passout',
		'pass:s3cret',
		'-out',
		'enc.key'
	]);
	sh('openssl', csrFor('p8.key', 'req.csr', '/CN=csr.lab', ['subjectAltName=DNS:csr.lab']));
	sh('openssl', [
		'pkcs12',
		'-export',
		'-in',
		'ec.crt',
		'-inkey',
		'p8.key',
		'-name',
		'node-1',
		'-passout',
		'pass:s3cret',
		'-out',
		'openssl.p12'
	]);
	sh('keytool', [
		'-genkeypair',
		'-storetype',
		'PKCS12',
		'-keystore',
		'keytool.p12',
		'-storepass',
		'changeit',
		'-alias',
		'es-node',
		'-keyalg',
		'EC',
		'-groupname',
		'secp256r1',
		'-dname',
		'CN=es-node',
		'-validity',
		'30'
	]);
	writeFileSync(join(dir, 'ca.crt'), readFileSync(join(dir, 'ec.crt')));
	chmodSync(join(dir, 'p8.key'), 0o600);
	chmodSync(join(dir, 'ca.crt'), 0o644);
	sh('zip', ['-q', 'certs.zip', 'ca.crt', 'p8.key', 'req.csr']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('formats', () => {
	test('OpenSSL certificate (PEM and DER) and its readable view', async () => {
		const { items, problems } = await parseInputs([file('ec.crt'), file('ec.der')], deps);
		expect(problems).toEqual([]);
		expect(kinds(items)).toEqual(['certificate', 'certificate']);
		const item = items[0]!;
		if (item.kind !== 'certificate') throw new Error('not a certificate');
		const view = await describeCertificate(item.cert, item.cert.notBefore, crypto);
		expect(view.key.label).toBe('ECDSA P-256');
		expect(view.sans).toMatchObject({
			dns: ['node1.lab'],
			ip: ['10.0.0.5'],
			spiffe: ['spiffe://lab/ns/default/sa/web']
		});
		expect(view.extendedKeyUsage?.usages.map((u) => u.words)).toEqual([
			'may be used as a TLS server',
			'may be used as a TLS client'
		]);
		expect(view.validity.daysLeft).toBe(30);
		const fp = execFileSync('openssl', [
			'x509',
			'-in',
			join(dir, 'ec.crt'),
			'-noout',
			'-fingerprint',
			'-sha256'
		]).toString();
		expect(fp.trim().split('=')[1]).toBe(view.fingerprints.sha256);
		expect(JSON.parse(JSON.stringify(view))).toEqual(view);
	});

	test('SEC1 key with an EC PARAMETERS block, PKCS#1 RSA and PKCS#8 become importable PKCS#8', async () => {
		const { items, problems } = await parseInputs([file('sec1.key'), file('pkcs1.key'), file('p8.key')], deps);
		expect(problems).toEqual([]);
		expect(items.map((i) => (i.kind === 'private-key' ? `${i.format} ${i.algorithm.label}` : i.kind))).toEqual([
			'sec1 ECDSA P-256',
			'pkcs1 RSA 2048',
			'pkcs8 ECDSA P-256'
		]);
		await crypto.subtle.importKey('pkcs8', items[0]!.der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
		await crypto.subtle.importKey('pkcs8', items[1]!.der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
			'sign'
		]);
	});

	test('encrypted PKCS#8: right, wrong and missing password', async () => {
		const ok = await parseInputs([file('enc.key')], deps, { password: 's3cret' });
		expect(ok.items.map((i) => i.kind === 'private-key' && i.format)).toEqual(['encrypted-pkcs8']);
		const wrong = await parseInputs([file('enc.key')], deps, { password: 'nope' });
		expect(wrong.problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		const asked: string[] = [];
		const missing = await parseInputs([file('enc.key')], deps, {
			password: async (r) => (asked.push(r.kind), undefined)
		});
		expect(asked).toEqual(['encrypted-key']);
		expect(missing.problems[0]?.error).toMatchObject({ code: 'password-required' });
	});

	test('CSR with its signature checked, CRL in X509 CRL and CRL labels', async () => {
		const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
		const ca = await x509.X509CertificateGenerator.createSelfSigned({
			name: 'CN=CA',
			keys,
			notBefore: new Date('2030-01-01Z'),
			notAfter: new Date('2031-01-01Z'),
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }
		});
		const crl = await x509.X509CrlGenerator.create({
			issuer: ca.subject,
			thisUpdate: new Date('2030-01-01Z'),
			nextUpdate: new Date('2030-02-01Z'),
			signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
			signingKey: keys.privateKey,
			entries: [
				{ serialNumber: '0abc', revocationDate: new Date('2030-01-01Z'), reason: x509.X509CrlReason.keyCompromise }
			]
		});
		const text = `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n${crl.toString('pem')}\n${ca.toString('pem')}`;
		const { items, problems } = await parseInputs(
			[file('req.csr'), { name: 'bundle.pem', bytes: new TextEncoder().encode(text) }],
			deps
		);
		expect(problems).toEqual([]);
		expect(kinds(items)).toEqual(['csr', 'crl', 'crl', 'certificate']);
		if (items[0]?.kind !== 'csr' || items[1]?.kind !== 'crl') throw new Error('order');
		expect(await describeCsr(items[0].csr, crypto)).toMatchObject({
			commonName: 'csr.lab',
			signatureValid: true,
			sans: { dns: ['csr.lab'] }
		});
		expect(describeCrl(items[1].crl, NOW)).toMatchObject({
			stale: true,
			entries: [{ serial: '0abc', reason: 'keyCompromise' }]
		});
		expect(items[3]?.source.block).toBe(3);
	});

	test('PKCS#12 from openssl and keytool: key, certificate and friendly names; wrong password', async () => {
		const o = await parseInputs([file('openssl.p12')], deps, { password: 's3cret' });
		expect(o.problems).toEqual([]);
		expect(o.items.map((i) => [i.kind, i.source.friendlyName])).toEqual(
			expect.arrayContaining([
				['certificate', 'node-1'],
				['private-key', 'node-1']
			])
		);
		const k = await parseInputs([file('keytool.p12')], deps, { password: 'changeit' });
		expect(k.problems).toEqual([]);
		expect(k.items.map((i) => [i.kind, i.source.friendlyName])).toEqual(
			expect.arrayContaining([
				['certificate', 'es-node'],
				['private-key', 'es-node']
			])
		);
		const key = k.items.find((i) => i.kind === 'private-key');
		expect(key?.kind === 'private-key' && key.algorithm.label).toBe('ECDSA P-256');
		const bad = await parseInputs([file('keytool.p12')], deps, { password: 'wrong' });
		expect(bad.problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		expect(bad.problems[0]?.error.message).toMatch(/password .* is wrong/);
	});

	test('zips keep each entry’s Unix mode (zip CLI and fflate) and report unreadable entries', async () => {
		const z = await parseInputs([file('certs.zip')], deps);
		expect(z.items.map((i) => [i.source.entry, i.kind, i.mode])).toEqual([
			['ca.crt', 'certificate', 0o644],
			['p8.key', 'private-key', 0o600],
			['req.csr', 'csr', 0o644]
		]);
		const crt = new Uint8Array(readFileSync(join(dir, 'ec.crt')));
		const made = zipSync({
			'node/node.crt': [crt, { os: 3, attrs: ((0o100000 | 0o644) << 16) >>> 0 }],
			'node/README.txt': [new TextEncoder().encode('hello'), {}]
		});
		const f = await parseInputs([{ name: 'bundle.zip', bytes: made }], deps);
		expect(f.items.map((i) => [i.label, i.mode])).toEqual([['bundle.zip › node/node.crt', 0o644]]);
		expect(f.problems.map((p) => [p.source.entry, p.error.code])).toEqual([['node/README.txt', 'input-unrecognized']]);
	});
});

describe('containers as other tools write them', () => {
	const one = async (name: string, password?: string) => {
		const r = await parseInputs([file(name)], deps, password === undefined ? {} : { password });
		return {
			...r,
			summary: r.items.map((i) => `${i.kind}${i.source.friendlyName ? ` ${i.source.friendlyName}` : ''}`)
		};
	};

	test('PKCS#12 variants OpenSSL writes: SHA-1 MAC, AES-128 with a SHA-1 PRF, no MAC, legacy RC2/3DES', async () => {
		const base = ['pkcs12', '-export', '-in', 'ec.crt', '-inkey', 'p8.key', '-name', 'n1', '-passout', 'pass:pw'];
		sh('openssl', [...base, '-macalg', 'sha1', '-out', 'sha1mac.p12']);
		sh('openssl', [
			...base,
			'-keypbe',
			'AES-128-CBC',
			'-certpbe',
			'AES-128-CBC',
			'-macalg',
			'sha512',
			'-out',
			'aes128.p12'
		]);
		sh('openssl', [...base, '-nomac', '-out', 'nomac.p12']);
		sh('openssl', [...base, '-legacy', '-out', 'legacy.p12']);
		for (const name of ['sha1mac.p12', 'aes128.p12', 'nomac.p12']) {
			const r = await one(name, 'pw');
			expect(r.problems, name).toEqual([]);
			expect(r.summary.sort(), name).toEqual(['certificate n1', 'private-key n1']);
		}
		expect((await one('sha1mac.p12', 'PW')).problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		// Without a MAC the first wrong-password signal is the AES padding or the decrypted shape.
		expect((await one('nomac.p12', 'PW')).problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		const legacy = await one('legacy.p12', 'pw');
		expect(legacy.problems.map((p) => p.error.code)).toEqual(['input-unsupported']);
		expect(legacy.problems[0]?.error.message).toMatch(
			/old password scheme .*browsers cannot do.*openssl pkcs12 -legacy/
		);
	});

	test('a BER PKCS#12 (indefinite lengths, split OCTET STRINGs) as pkijs and Windows write it', async () => {
		const pkijs = await import('pkijs');
		const asn1js = await import('asn1js');
		const engine = new pkijs.CryptoEngine({ name: 'reference', crypto });
		const p8 = x509.PemConverter.decodeFirst(readFileSync(join(dir, 'p8.key'), 'utf8'));
		const certDer = x509.PemConverter.decodeFirst(readFileSync(join(dir, 'ec.crt'), 'utf8'));
		const password = new TextEncoder().encode('ber').buffer;
		// pkijs makes its own IV (CryptoEngine.encryptEncryptedContentInfo); its type still asks for one.
		const aes128 = { name: 'AES-CBC', length: 128 } as import('pkijs').ContentEncryptionAesCbcParams;
		const friendly = new pkijs.Attribute({
			type: '1.2.840.113549.1.9.20',
			values: [new asn1js.BmpString({ value: 'ber-node' })]
		});
		const keyBag = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(p8) });
		await keyBag.makeInternalValues(
			{ password, contentEncryptionAlgorithm: aes128, hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 },
			engine
		);
		const certBag = new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(certDer) });
		const pfx = new pkijs.PFX({
			parsedValue: {
				integrityMode: 0,
				authenticatedSafe: new pkijs.AuthenticatedSafe({
					parsedValue: {
						safeContents: [
							{
								privacyMode: 0,
								value: new pkijs.SafeContents({
									safeBags: [
										new pkijs.SafeBag({
											bagId: '1.2.840.113549.1.12.10.1.2',
											bagValue: keyBag,
											bagAttributes: [friendly]
										})
									]
								})
							},
							{
								privacyMode: 1,
								value: new pkijs.SafeContents({
									safeBags: [
										new pkijs.SafeBag({
											bagId: '1.2.840.113549.1.12.10.1.3',
											bagValue: certBag,
											bagAttributes: [friendly]
										})
									]
								})
							}
						]
					}
				})
			}
		});
		await pfx.parsedValue!.authenticatedSafe!.makeInternalValues(
			{
				safeContents: [
					{},
					{ password, contentEncryptionAlgorithm: aes128, hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 }
				]
			},
			engine
		);
		await pfx.makeInternalValues(
			{ password, iterations: 2048, pbkdf2HashAlgorithm: 'SHA-256', hmacHashAlgorithm: 'SHA-256' },
			engine
		);
		// Indefinite-length outer SEQUENCE, as Windows exports begin (30 80).
		const schema = pfx.toSchema();
		schema.lenBlock.isIndefiniteForm = true;
		const bytes = new Uint8Array(schema.toBER(false));
		expect([...bytes.subarray(0, 2)]).toEqual([0x30, 0x80]);
		const r = await parseInputs([{ name: 'windows.pfx', bytes }], deps, { password: 'ber' });
		expect(r.problems).toEqual([]);
		expect(r.items.map((i) => `${i.kind} ${i.source.friendlyName}`).sort()).toEqual([
			'certificate ber-node',
			'private-key ber-node'
		]);
		const cert = r.items.find((i) => i.kind === 'certificate');
		expect(cert && Buffer.from(cert.der).equals(Buffer.from(certDer))).toBe(true);
	});

	test('PKCS#7 bundles from openssl crl2pkcs7 (DER and PEM), with their CRL', async () => {
		sh('openssl', selfSignedP256('crlca.key', 'crlca.crt', '/CN=CRL CA'));
		writeFileSync(join(dir, 'index.txt'), '');
		writeFileSync(
			join(dir, 'ca.cnf'),
			`[ca]\ndefault_ca=d\n[d]\ndatabase=${join(dir, 'index.txt')}\ncrlnumber=${join(dir, 'crlnumber')}\ndefault_md=sha256\ndefault_crl_days=7\n`
		);
		writeFileSync(join(dir, 'crlnumber'), '01\n');
		sh('openssl', [
			'ca',
			'-config',
			'ca.cnf',
			'-gencrl',
			'-keyfile',
			'crlca.key',
			'-cert',
			'crlca.crt',
			'-out',
			'ca.crl'
		]);
		sh('openssl', [
			'crl2pkcs7',
			'-in',
			'ca.crl',
			'-certfile',
			'crlca.crt',
			'-certfile',
			'ec.crt',
			'-outform',
			'DER',
			'-out',
			'bundle.p7b'
		]);
		sh('openssl', ['crl2pkcs7', '-nocrl', '-certfile', 'ec.crt', '-out', 'certs.p7c']);
		const der = await one('bundle.p7b');
		expect(der.problems).toEqual([]);
		expect(der.summary).toEqual(['certificate', 'certificate', 'crl']);
		expect(der.items.map((i) => i.source.block)).toEqual([1, 2, 3]);
		const pem = await one('certs.p7c');
		expect(pem.problems).toEqual([]);
		expect(pem.summary).toEqual(['certificate']);
	});

	test('encrypted PKCS#8 with AES-128 and the default SHA-1 PRF; PKCS#12 3DES read; RC2 refused in words', async () => {
		sh('openssl', [
			'pkcs8',
			'-topk8',
			'-v2',
			'aes-128-cbc',
			'-v2prf',
			'hmacWithSHA1',
			'-in',
			'p8.key',
			'-passout',
			'pass:pw',
			'-out',
			'aes128.key'
		]);
		sh('openssl', [
			'pkcs8',
			'-topk8',
			'-v1',
			'PBE-SHA1-3DES',
			'-in',
			'p8.key',
			'-passout',
			'pass:pw',
			'-out',
			'pbes1.key'
		]);
		const ok = await one('aes128.key', 'pw');
		expect(ok.problems).toEqual([]);
		expect(ok.summary).toEqual(['private-key']);
		// PKCS#12's 3DES scheme in a PKCS#8 file (legacy keystores use it) is read (pbe/pkcs12-pbe.ts).
		const legacy = await one('pbes1.key', 'pw');
		expect(legacy.problems).toEqual([]);
		expect(legacy.summary).toEqual(['private-key']);
		// Older schemes still are not: RC2 (OpenSSL 3 writes it only with its legacy provider), refused in words.
		sh('openssl', [
			'pkcs8',
			'-topk8',
			'-v1',
			'PBE-SHA1-RC2-64',
			'-provider',
			'legacy',
			'-provider',
			'default',
			'-in',
			'p8.key',
			'-passout',
			'pass:pw',
			'-out',
			'rc2.key'
		]);
		const old = await one('rc2.key', 'pw');
		expect(old.problems.map((p) => p.error.code)).toEqual(['input-unsupported']);
		expect(old.problems[0]?.error.message).toMatch(/old password scheme.*openssl pkcs8 -topk8 -v2 aes-256-cbc/);
	});
});

describe('bad input', () => {
	test('garbage', async () => {
		const { problems } = await parseInputs(
			[{ name: 'photo.jpg', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }],
			deps
		);
		expect(problems[0]?.error.code).toBe('input-unrecognized');
		expect(problems[0]?.error.message).toContain('is not a certificate, key, CSR, CRL, PKCS#12 or zip we can read');
	});

	test('truncated DER and a PEM cut in the middle', async () => {
		const der = new Uint8Array(readFileSync(join(dir, 'ec.der')));
		const pem = readFileSync(join(dir, 'ec.crt'), 'utf8');
		const { items, problems } = await parseInputs(
			[
				{ name: 'cut.der', bytes: der.subarray(0, 200) },
				{ name: 'cut.pem', bytes: new TextEncoder().encode(pem.slice(0, 300)) }
			],
			deps
		);
		expect(items).toEqual([]);
		expect(problems.map((p) => p.error.code)).toEqual(['input-malformed', 'input-malformed']);
		expect(problems[0]?.error.message).toMatch(/cut short/);
	});

	test('every truncation of a DER certificate is a PkiError, never an exception', async () => {
		const der = new Uint8Array(readFileSync(join(dir, 'ec.der')));
		for (let n = 1; n < der.length; n += 7) {
			const { items, problems } = await parseInputs([{ name: 'x.der', bytes: der.slice(0, n) }], deps);
			expect(items.length + problems.length).toBeGreaterThan(0);
		}
	});

	test('a zip bomb is refused from its central directory, before inflating', async () => {
		const bomb = zipSync({ 'zeros.bin': new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
		expect(bomb.length).toBeLessThan(100_000);
		const { problems } = await parseInputs([{ name: 'bomb.zip', bytes: bomb }], deps);
		expect(problems.map((p) => p.error.code)).toEqual(['zip-too-large']);
		expect(problems[0]?.error.message).toMatch(/zip bomb/);
	});

	test('too many zip entries', async () => {
		const many = zipSync(Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`f${i}`, new Uint8Array(1)])));
		expect((await parseInputs([{ name: 'many.zip', bytes: many }], deps)).problems[0]?.error.code).toBe(
			'zip-too-large'
		);
	});

	test('a 50 MB input', async () => {
		const { problems } = await parseInputs([{ name: 'huge.bin', bytes: new Uint8Array(50 * 1024 * 1024 + 1) }], deps);
		expect(problems[0]?.error).toMatchObject({ code: 'input-too-large' });
		expect(problems[0]?.error.message).toMatch(/over 50 MB/);
	});

	test('a PKCS#12 or encrypted key asking for millions of rounds is answered by its count (ask first), not worked through', async () => {
		const { buildPkcs12, pkcs12Password } = await import('../../export/pkcs12');
		const { encryptPkcs8Der } = await import('../../export/encrypted-pkcs8');
		const p8 = x509.PemConverter.decodeFirst(readFileSync(join(dir, 'p8.key'), 'utf8'));
		const cert = new Uint8Array(x509.PemConverter.decodeFirst(readFileSync(join(dir, 'ec.crt'), 'utf8')));
		// 65,536 is INTEGER 02 03 01 00 00; the same three octets can say 8,388,607 (7f ff ff).
		const raise = (der: Uint8Array, from: number) => {
			const at = der.findIndex(
				(_, i) =>
					der[i] === 0x02 &&
					der[i + 1] === 0x03 &&
					der[i + 2] === 0x01 &&
					der[i + 3] === 0 &&
					der[i + 4] === 0 &&
					i >= from
			);
			expect(at).toBeGreaterThanOrEqual(0);
			const out = der.slice();
			out.set([0x7f, 0xff, 0xff], at + 2);
			return out;
		};
		const p12 = await buildPkcs12(
			{
				privateKeyPkcs8: p8,
				certificateDer: cert,
				chainDer: [],
				trustedCaDer: [],
				alias: 'n',
				password: pkcs12Password('pw'),
				iterations: { pbes2: 1000, mac: 65_536 }
			},
			crypto
		);
		const key = await encryptPkcs8Der(p8, 'pw', crypto, 65_536);
		const r = await parseInputs(
			[
				{ name: 'slow.p12', bytes: raise(p12, p12.length - 8) },
				{ name: 'slow.key', bytes: raise(key, 0) }
			],
			deps,
			{ password: 'pw' }
		);
		// Between one and ten million rounds the user is asked first (pbe/kdf-budget.ts).
		expect(r.problems.map((p) => p.error.code)).toEqual(['kdf-slow-confirm', 'kdf-slow-confirm']);
		expect(r.problems[0]?.error.message).toMatch(
			/^The PKCS#12 file asks for 8,388,607 key-derivation rounds, far more than tools write .* Opening it may take about 3 minutes/
		);
		expect(r.problems[1]?.error.message).toMatch(/^The private key asks for 8,388,607/);
	});

	test('legacy-encrypted PEM key and unknown PEM blocks', async () => {
		sh('openssl', ['genrsa', '-traditional', '-aes256', '-passout', 'pass:x', '-out', 'legacy.key', '2048']);
		const pub =
			'-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';
		const { problems } = await parseInputs(
			[file('legacy.key'), { name: 'pub.pem', bytes: new TextEncoder().encode(pub) }],
			deps
		);
		expect(problems.map((p) => p.error.code)).toEqual(['input-unsupported', 'input-unsupported']);
		expect(problems[0]?.error.message).toMatch(/openssl pkcs8 -topk8/);
	});
});
