import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { x509 } from '../x509';
import { describeCertificate } from './describe-cert';
import { describeCrl, describeCsr } from './describe-csr-crl';
import { parseInputs } from './parse';
import type { InputFile, ParsedItem } from './types';

/** Every input format, made by OpenSSL, keytool, zip and the x509 library, plus the bad inputs of issue 6. */

const crypto = globalThis.crypto;
const deps = { crypto };
let dir: string;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
const file = (name: string): InputFile => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const kinds = (items: ParsedItem[]) => items.map((i) => i.kind);
const NOW = new Date('2030-06-01T00:00:00Z');

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'parse-'));
	sh('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'p8.key', '-out', 'ec.crt', '-subj', '/CN=node', '-days', '30', '-addext', 'subjectAltName=DNS:node1.lab,IP:10.0.0.5,URI:spiffe://lab/ns/default/sa/web', '-addext', 'extendedKeyUsage=serverAuth,clientAuth']);
	sh('openssl', ['x509', '-in', 'ec.crt', '-outform', 'DER', '-out', 'ec.der']);
	sh('openssl', ['ecparam', '-genkey', '-name', 'prime256v1', '-out', 'sec1.key']);
	sh('openssl', ['genrsa', '-traditional', '-out', 'pkcs1.key', '2048']);
	sh('openssl', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', 'p8.key', '-passout', 'pass:s3cret', '-out', 'enc.key']);
	sh('openssl', ['req', '-new', '-key', 'p8.key', '-subj', '/CN=csr.lab', '-addext', 'subjectAltName=DNS:csr.lab', '-out', 'req.csr']);
	sh('openssl', ['pkcs12', '-export', '-in', 'ec.crt', '-inkey', 'p8.key', '-name', 'node-1', '-passout', 'pass:s3cret', '-out', 'openssl.p12']);
	sh('keytool', ['-genkeypair', '-storetype', 'PKCS12', '-keystore', 'keytool.p12', '-storepass', 'changeit', '-alias', 'es-node', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=es-node', '-validity', '30']);
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
		expect(view.sans).toMatchObject({ dns: ['node1.lab'], ip: ['10.0.0.5'], spiffe: ['spiffe://lab/ns/default/sa/web'] });
		expect(view.extendedKeyUsage?.usages.map((u) => u.words)).toEqual(['may be used as a TLS server', 'may be used as a TLS client']);
		expect(view.validity.daysLeft).toBe(30);
		const fp = execFileSync('openssl', ['x509', '-in', join(dir, 'ec.crt'), '-noout', '-fingerprint', '-sha256']).toString();
		expect(fp.trim().split('=')[1]).toBe(view.fingerprints.sha256);
		expect(JSON.parse(JSON.stringify(view))).toEqual(view);
	});

	test('SEC1 key with an EC PARAMETERS block, PKCS#1 RSA and PKCS#8 become importable PKCS#8', async () => {
		const { items, problems } = await parseInputs([file('sec1.key'), file('pkcs1.key'), file('p8.key')], deps);
		expect(problems).toEqual([]);
		expect(items.map((i) => (i.kind === 'private-key' ? `${i.format} ${i.algorithm.label}` : i.kind))).toEqual(['sec1 ECDSA P-256', 'pkcs1 RSA 2048', 'pkcs8 ECDSA P-256']);
		await crypto.subtle.importKey('pkcs8', items[0]!.der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
		await crypto.subtle.importKey('pkcs8', items[1]!.der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
	});

	test('encrypted PKCS#8: right, wrong and missing password', async () => {
		const ok = await parseInputs([file('enc.key')], deps, { password: 's3cret' });
		expect(ok.items.map((i) => i.kind === 'private-key' && i.format)).toEqual(['encrypted-pkcs8']);
		const wrong = await parseInputs([file('enc.key')], deps, { password: 'nope' });
		expect(wrong.problems.map((p) => p.error.code)).toEqual(['password-wrong']);
		const asked: string[] = [];
		const missing = await parseInputs([file('enc.key')], deps, { password: async (r) => (asked.push(r.kind), undefined) });
		expect(asked).toEqual(['encrypted-key']);
		expect(missing.problems[0]?.error).toMatchObject({ code: 'password-required' });
	});

	test('CSR with its signature checked, CRL in X509 CRL and CRL labels', async () => {
		const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
		const ca = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=CA', keys, notBefore: new Date('2030-01-01Z'), notAfter: new Date('2031-01-01Z'), signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
		const crl = await x509.X509CrlGenerator.create({ issuer: ca.subject, thisUpdate: new Date('2030-01-01Z'), nextUpdate: new Date('2030-02-01Z'), signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, signingKey: keys.privateKey, entries: [{ serialNumber: '0abc', revocationDate: new Date('2030-01-01Z'), reason: x509.X509CrlReason.keyCompromise }] });
		const text = `${x509.PemConverter.encode(crl.rawData, 'X509 CRL')}\n${crl.toString('pem')}\n${ca.toString('pem')}`;
		const { items, problems } = await parseInputs([file('req.csr'), { name: 'bundle.pem', bytes: new TextEncoder().encode(text) }], deps);
		expect(problems).toEqual([]);
		expect(kinds(items)).toEqual(['csr', 'crl', 'crl', 'certificate']);
		if (items[0]?.kind !== 'csr' || items[1]?.kind !== 'crl') throw new Error('order');
		expect(await describeCsr(items[0].csr, crypto)).toMatchObject({ commonName: 'csr.lab', signatureValid: true, sans: { dns: ['csr.lab'] } });
		expect(describeCrl(items[1].crl, NOW)).toMatchObject({ stale: true, entries: [{ serial: '0abc', reason: 'keyCompromise' }] });
		expect(items[3]?.source.block).toBe(3);
	});

	test('PKCS#12 from openssl and keytool: key, certificate and friendly names; wrong password', async () => {
		const o = await parseInputs([file('openssl.p12')], deps, { password: 's3cret' });
		expect(o.problems).toEqual([]);
		expect(o.items.map((i) => [i.kind, i.source.friendlyName])).toEqual(expect.arrayContaining([['certificate', 'node-1'], ['private-key', 'node-1']]));
		const k = await parseInputs([file('keytool.p12')], deps, { password: 'changeit' });
		expect(k.problems).toEqual([]);
		expect(k.items.map((i) => [i.kind, i.source.friendlyName])).toEqual(expect.arrayContaining([['certificate', 'es-node'], ['private-key', 'es-node']]));
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
		const made = zipSync({ 'node/node.crt': [crt, { os: 3, attrs: ((0o100000 | 0o644) << 16) >>> 0 }], 'node/README.txt': [new TextEncoder().encode('hello'), {}] });
		const f = await parseInputs([{ name: 'bundle.zip', bytes: made }], deps);
		expect(f.items.map((i) => [i.label, i.mode])).toEqual([['bundle.zip › node/node.crt', 0o644]]);
		expect(f.problems.map((p) => [p.source.entry, p.error.code])).toEqual([['node/README.txt', 'input-unrecognized']]);
	});
});

describe('bad input', () => {
	test('garbage', async () => {
		const { problems } = await parseInputs([{ name: 'photo.jpg', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }], deps);
		expect(problems[0]?.error.code).toBe('input-unrecognized');
		expect(problems[0]?.error.message).toContain('is not a certificate, key, CSR, CRL, PKCS#12 or zip we can read');
	});

	test('truncated DER and a PEM cut in the middle', async () => {
		const der = new Uint8Array(readFileSync(join(dir, 'ec.der')));
		const pem = readFileSync(join(dir, 'ec.crt'), 'utf8');
		const { items, problems } = await parseInputs([{ name: 'cut.der', bytes: der.subarray(0, 200) }, { name: 'cut.pem', bytes: new TextEncoder().encode(pem.slice(0, 300)) }], deps);
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
		expect((await parseInputs([{ name: 'many.zip', bytes: many }], deps)).problems[0]?.error.code).toBe('zip-too-large');
	});

	test('a 50 MB input', async () => {
		const { problems } = await parseInputs([{ name: 'huge.bin', bytes: new Uint8Array(50 * 1024 * 1024 + 1) }], deps);
		expect(problems[0]?.error).toMatchObject({ code: 'input-too-large' });
		expect(problems[0]?.error.message).toMatch(/over 50 MB/);
	});

	test('legacy-encrypted PEM key and unknown PEM blocks', async () => {
		sh('openssl', ['genrsa', '-traditional', '-aes256', '-passout', 'pass:x', '-out', 'legacy.key', '2048']);
		const pub = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n';
		const { problems } = await parseInputs([file('legacy.key'), { name: 'pub.pem', bytes: new TextEncoder().encode(pub) }], deps);
		expect(problems.map((p) => p.error.code)).toEqual(['input-unsupported', 'input-unsupported']);
		expect(problems[0]?.error.message).toMatch(/openssl pkcs8 -topk8/);
	});
});
