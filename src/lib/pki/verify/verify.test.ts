import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asciiOctets, implicitPrimitive, sequence, tlv } from '../der/writer';
import { x509 } from '../x509';
import type { Purpose, VerifyCheck } from './types';
import { verifyChain } from './verify';

/**
 * A table of good and bad chains, made here with fixed dates, judged by our verifier and by the real
 * `openssl verify`; the verdicts must agree and our failing step must name the expected problem.
 */

const AT = new Date('2030-06-01T00:00:00Z');
const NB = new Date('2029-01-01T00:00:00Z');
const NA = new Date('2032-01-01T00:00:00Z');
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const KU = x509.KeyUsageFlags;
const crypto = globalThis.crypto;

type Keys = CryptoKeyPair;
interface Made {
	cert: x509.X509Certificate;
	keys: Keys;
}
interface Spec {
	cn: string;
	issuer?: Made;
	keys?: Keys;
	ca?: boolean;
	pathLen?: number;
	noBc?: boolean;
	ku?: number | null;
	eku?: string[];
	dns?: string[];
	ips?: string[];
	nc?: Uint8Array<ArrayBuffer>;
	notBefore?: Date;
	notAfter?: Date;
	/** Name in the issuer field when it differs from the issuer certificate's subject (not used by default). */
	serial?: string;
}

const newKeys = () => crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<Keys>;

async function make(s: Spec): Promise<Made> {
	const keys = s.keys ?? (await newKeys());
	const issuer = s.issuer ?? { cert: undefined, keys };
	const ca = s.ca ?? false;
	const ext: x509.Extension[] = [];
	if (!s.noBc) ext.push(new x509.BasicConstraintsExtension(ca, s.pathLen, true));
	const ku = s.ku === undefined ? (ca ? KU.keyCertSign | KU.cRLSign : KU.digitalSignature) : s.ku;
	if (ku !== null) ext.push(new x509.KeyUsagesExtension(ku, true));
	if (s.eku) ext.push(new x509.ExtendedKeyUsageExtension(s.eku));
	const sans = [
		...(s.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
		...(s.ips ?? []).map((value) => ({ type: 'ip' as const, value }))
	];
	if (sans.length) ext.push(new x509.SubjectAlternativeNameExtension(sans));
	if (s.nc) ext.push(new x509.Extension('2.5.29.30', true, s.nc));
	ext.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
	ext.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
	const cert = await x509.X509CertificateGenerator.create({
		subject: `CN=${s.cn}`,
		issuer: issuer.cert ? issuer.cert.subject : `CN=${s.cn}`,
		publicKey: keys.publicKey,
		signingKey: issuer.keys.privateKey,
		signingAlgorithm: SIG,
		notBefore: s.notBefore ?? NB,
		notAfter: s.notAfter ?? NA,
		serialNumber:
			s.serial ??
			Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0'))
				.join('')
				.replace(/^[89a-f]/, '1'),
		extensions: ext
	});
	return { cert, keys };
}

/** NameConstraints DER (RFC 5280 §4.2.1.10): dNSName [2] and iPAddress [7] (address ‖ mask) subtrees. */
function nameConstraints(permitted: Uint8Array[], excluded: Uint8Array[] = []): Uint8Array<ArrayBuffer> {
	const subtrees = (tag: number, bases: Uint8Array[]) =>
		bases.length ? [tlv(tag, ...bases.map((b) => sequence(b)))] : [];
	return sequence(...subtrees(0xa0, permitted), ...subtrees(0xa1, excluded));
}
const ncDns = (d: string) => implicitPrimitive(2, asciiOctets(d));
const ncIp = (addr: number[], mask: number[]) => implicitPrimitive(7, Uint8Array.from([...addr, ...mask]));

function tamper(cert: x509.X509Certificate): x509.X509Certificate {
	const der = new Uint8Array(cert.rawData).slice();
	der[der.length - 5]! ^= 0x01;
	return new x509.X509Certificate(der);
}

interface Row {
	name: string;
	leaf: x509.X509Certificate;
	inter?: x509.X509Certificate[];
	roots: x509.X509Certificate[];
	purpose?: Purpose;
	host?: string;
	crls?: x509.X509Crl[];
	strict?: boolean;
	/** The failing check we expect to see named, or undefined when the chain is good. */
	fails?: VerifyCheck;
}

const rows: Row[] = [];
let dir: string;

async function crl(issuer: Made, revoked: x509.X509Certificate[], thisUpdate = NB, nextUpdate = NA) {
	return x509.X509CrlGenerator.create({
		issuer: issuer.cert.subject,
		thisUpdate,
		nextUpdate,
		signingAlgorithm: SIG,
		signingKey: issuer.keys.privateKey,
		entries: revoked.map((c) => ({
			serialNumber: c.serialNumber,
			revocationDate: NB,
			reason: x509.X509CrlReason.keyCompromise
		}))
	});
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'verify-'));
	const root = await make({ cn: 'Root', ca: true });
	const inter = await make({ cn: 'Issuing CA', ca: true, issuer: root });
	const srv = { eku: ['1.3.6.1.5.5.7.3.1'], dns: ['node1.lab.internal', 'localhost'], ips: ['10.0.0.7', '::1'] };
	const leaf = await make({ cn: 'node', issuer: inter, ...srv, eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'] });
	const base = { inter: [inter.cert], roots: [root.cert] };
	const add = (r: Row) => rows.push(r);

	add({
		name: 'good server chain, host matches',
		leaf: leaf.cert,
		...base,
		purpose: 'serverAuth',
		host: 'node1.lab.internal',
		strict: true
	});
	add({
		name: 'good client chain',
		leaf: (await make({ cn: 'client.root', issuer: inter, eku: ['1.3.6.1.5.5.7.3.2'] })).cert,
		...base,
		purpose: 'clientAuth',
		strict: true
	});
	add({ name: 'no purpose check', leaf: leaf.cert, ...base });
	add({
		name: 'leaf expired',
		leaf: (await make({ cn: 'old', issuer: inter, notAfter: new Date('2030-01-01Z') })).cert,
		...base,
		purpose: 'serverAuth',
		fails: 'validity'
	});
	add({
		name: 'leaf not yet valid',
		leaf: (await make({ cn: 'future', issuer: inter, notBefore: new Date('2031-01-01Z') })).cert,
		...base,
		fails: 'validity'
	});
	const oldInter = await make({ cn: 'Old CA', ca: true, issuer: root, notAfter: new Date('2030-02-01Z') });
	add({
		name: 'intermediate expired',
		leaf: (await make({ cn: 'n', issuer: oldInter })).cert,
		inter: [oldInter.cert],
		roots: [root.cert],
		fails: 'validity'
	});
	const oldRoot = await make({ cn: 'Old Root', ca: true, notAfter: new Date('2030-03-01Z') });
	add({
		name: 'root expired',
		leaf: (await make({ cn: 'n', issuer: oldRoot })).cert,
		roots: [oldRoot.cert],
		fails: 'validity'
	});
	add({
		name: 'client cert with serverAuth only',
		leaf: (await make({ cn: 'client.bob', issuer: inter, eku: ['1.3.6.1.5.5.7.3.1'] })).cert,
		...base,
		purpose: 'clientAuth',
		fails: 'extKeyUsage'
	});
	add({
		name: 'server cert with clientAuth only',
		leaf: (await make({ cn: 'srv', issuer: inter, eku: ['1.3.6.1.5.5.7.3.2'], dns: ['srv.lab'] })).cert,
		...base,
		purpose: 'serverAuth',
		fails: 'extKeyUsage'
	});
	add({
		name: 'no EKU is allowed for a server',
		leaf: (await make({ cn: 'noeku', issuer: inter, dns: ['noeku.lab'] })).cert,
		...base,
		purpose: 'serverAuth',
		host: 'noeku.lab',
		strict: true
	});
	add({
		name: 'leaf KU without digitalSignature as client',
		leaf: (await make({ cn: 'c', issuer: inter, ku: KU.dataEncipherment, eku: ['1.3.6.1.5.5.7.3.2'] })).cert,
		...base,
		purpose: 'clientAuth',
		fails: 'keyUsage'
	});
	const clientOnlyCa = await make({ cn: 'Client CA', ca: true, issuer: root, eku: ['1.3.6.1.5.5.7.3.2'] });
	add({
		name: 'CA restricted to clientAuth issues a server cert',
		leaf: (await make({ cn: 's', issuer: clientOnlyCa, ...srv })).cert,
		inter: [clientOnlyCa.cert],
		roots: [root.cert],
		purpose: 'serverAuth',
		fails: 'extKeyUsage'
	});

	const root0 = await make({ cn: 'Root0', ca: true, pathLen: 0 });
	const inter0 = await make({ cn: 'Inter under pathLen 0', ca: true, issuer: root0 });
	add({
		name: 'root pathLen 0 with an intermediate',
		leaf: (await make({ cn: 'n', issuer: inter0 })).cert,
		inter: [inter0.cert],
		roots: [root0.cert],
		fails: 'pathLen'
	});
	const root1 = await make({ cn: 'Root1', ca: true, pathLen: 1 });
	const inter1 = await make({ cn: 'Inter1', ca: true, issuer: root1, pathLen: 0 });
	add({
		name: 'root pathLen 1 with one intermediate',
		leaf: (await make({ cn: 'n', issuer: inter1 })).cert,
		inter: [inter1.cert],
		roots: [root1.cert],
		strict: true
	});
	const inter2 = await make({ cn: 'Inter2', ca: true, issuer: inter1 });
	add({
		name: 'intermediate pathLen 0 with another CA below',
		leaf: (await make({ cn: 'n', issuer: inter2 })).cert,
		inter: [inter1.cert, inter2.cert],
		roots: [root1.cert],
		fails: 'pathLen'
	});
	const notCa = await make({ cn: 'Not A CA', issuer: root, ca: false, ku: KU.digitalSignature | KU.keyCertSign });
	add({
		name: 'CA:FALSE issuer',
		leaf: (await make({ cn: 'n', issuer: notCa })).cert,
		inter: [notCa.cert],
		roots: [root.cert],
		fails: 'basicConstraints'
	});
	const noBc = await make({ cn: 'No BC', issuer: root, noBc: true, ku: KU.keyCertSign });
	add({
		name: 'issuer without basicConstraints',
		leaf: (await make({ cn: 'n', issuer: noBc })).cert,
		inter: [noBc.cert],
		roots: [root.cert],
		fails: 'basicConstraints'
	});
	const noCertSign = await make({ cn: 'No keyCertSign', ca: true, issuer: root, ku: KU.digitalSignature | KU.cRLSign });
	add({
		name: 'issuer without keyCertSign',
		leaf: (await make({ cn: 'n', issuer: noCertSign })).cert,
		inter: [noCertSign.cert],
		roots: [root.cert],
		fails: 'keyUsage'
	});
	const noKuCa = await make({ cn: 'No KU CA', ca: true, issuer: root, ku: null });
	const noKuLeaf = (await make({ cn: 'n', issuer: noKuCa })).cert;
	add({ name: 'CA without keyUsage (lenient)', leaf: noKuLeaf, inter: [noKuCa.cert], roots: [root.cert] });
	add({
		name: 'CA without keyUsage (strict)',
		leaf: noKuLeaf,
		inter: [noKuCa.cert],
		roots: [root.cert],
		strict: true,
		fails: 'strict'
	});

	const ncRoot = await make({
		cn: 'NC Root',
		ca: true,
		nc: nameConstraints([ncDns('.lab.internal'), ncIp([10, 0, 0, 0], [255, 0, 0, 0])], [ncDns('.bad.lab.internal')])
	});
	const ncInter = await make({ cn: 'NC Inter', ca: true, issuer: ncRoot });
	const nc = { inter: [ncInter.cert], roots: [ncRoot.cert] };
	add({
		name: 'name constraints satisfied',
		leaf: (await make({ cn: 'ok', issuer: ncInter, dns: ['a.lab.internal'], ips: ['10.1.2.3'] })).cert,
		...nc,
		strict: true
	});
	add({
		name: 'DNS name outside permitted',
		leaf: (await make({ cn: 'evil', issuer: ncInter, dns: ['evil.example'] })).cert,
		...nc,
		fails: 'nameConstraints'
	});
	add({
		name: 'DNS name in excluded subtree',
		leaf: (await make({ cn: 'x', issuer: ncInter, dns: ['x.bad.lab.internal'] })).cert,
		...nc,
		fails: 'nameConstraints'
	});
	add({
		name: 'IP outside permitted',
		leaf: (await make({ cn: 'ip', issuer: ncInter, dns: ['ip.lab.internal'], ips: ['192.168.1.5'] })).cert,
		...nc,
		fails: 'nameConstraints'
	});

	const other = await make({ cn: 'Other CA', ca: true });
	add({
		name: 'issuer not given (wrong issuer)',
		leaf: (await make({ cn: 'n', issuer: other })).cert,
		...base,
		fails: 'chain'
	});
	add({
		name: 'root not trusted',
		leaf: (await make({ cn: 'n', issuer: other })).cert,
		inter: [other.cert],
		roots: [root.cert],
		fails: 'trust'
	});
	add({ name: 'tampered signature', leaf: tamper(leaf.cert), ...base, fails: 'signature' });
	const impostor = await make({ cn: 'Issuing CA', ca: true, issuer: root });
	add({
		name: 'signed by a different key with the same CA name',
		leaf: (await make({ cn: 'n', issuer: impostor })).cert,
		...base,
		fails: 'signature'
	});

	// Root rollover (Consul-style): the new root is cross-signed by the old one.
	const newRootKeys = await newKeys();
	const newRoot = await make({ cn: 'New Root', ca: true, keys: newRootKeys });
	const cross = await make({ cn: 'New Root', ca: true, keys: newRootKeys, issuer: root });
	const rolled = (await make({ cn: 'rolled', issuer: newRoot })).cert;
	add({
		name: 'cross-signed path to the old root',
		leaf: rolled,
		inter: [cross.cert],
		roots: [root.cert],
		strict: true
	});
	add({
		name: 'cross-signed cert present, new root trusted',
		leaf: rolled,
		inter: [cross.cert],
		roots: [newRoot.cert],
		strict: true
	});
	// Two CAs signing each other, neither trusted: a loop, no anchor.
	const loopA = await make({ cn: 'Loop A', ca: true });
	const loopB = await make({ cn: 'Loop B', ca: true, issuer: loopA });
	const loopA2 = await make({ cn: 'Loop A', ca: true, keys: loopA.keys, issuer: loopB });
	add({
		name: 'loop between two CAs',
		leaf: (await make({ cn: 'n', issuer: loopA })).cert,
		inter: [loopB.cert, loopA2.cert],
		roots: [root.cert],
		fails: 'chain'
	});

	const revokedLeaf = (await make({ cn: 'revoked', issuer: inter })).cert;
	add({
		name: 'revoked by CRL',
		leaf: revokedLeaf,
		...base,
		crls: [await crl(inter, [revokedLeaf])],
		fails: 'revocation'
	});
	add({ name: 'CRL does not list the leaf', leaf: leaf.cert, ...base, crls: [await crl(inter, [revokedLeaf])] });
	add({
		name: 'CRL out of date',
		leaf: leaf.cert,
		...base,
		crls: [await crl(inter, [], NB, new Date('2030-01-01Z'))],
		fails: 'revocation'
	});
	add({
		name: 'CRL from another issuer only',
		leaf: leaf.cert,
		...base,
		crls: [await crl(root, [])],
		fails: 'revocation'
	});

	add({
		name: 'host mismatch',
		leaf: leaf.cert,
		...base,
		purpose: 'serverAuth',
		host: 'node2.lab.internal',
		fails: 'host'
	});
	add({ name: 'IP host matches', leaf: leaf.cert, ...base, purpose: 'serverAuth', host: '10.0.0.7' });
	add({ name: 'IPv6 host matches', leaf: leaf.cert, ...base, purpose: 'serverAuth', host: '::1' });
	add({
		name: 'IP host not in SANs',
		leaf: leaf.cert,
		...base,
		purpose: 'serverAuth',
		host: '10.0.0.5',
		fails: 'host'
	});
	const wild = (await make({ cn: 'wild', issuer: inter, dns: ['*.lab.internal'] })).cert;
	add({ name: 'wildcard matches one label', leaf: wild, ...base, host: 'db.lab.internal' });
	add({ name: 'wildcard does not match two labels', leaf: wild, ...base, host: 'a.db.lab.internal', fails: 'host' });
	add({ name: 'wildcard does not match the bare domain', leaf: wild, ...base, host: 'lab.internal', fails: 'host' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pemAll = (certs: x509.X509Certificate[]) => certs.map((c) => c.toString('pem')).join('\n') + '\n';

function openssl(row: Row, i: number): { ok: boolean; out: string } {
	const f = (n: string, text: string) => {
		const p = join(dir, `${i}-${n}`);
		writeFileSync(p, text);
		return p;
	};
	const args = [
		'verify',
		'-attime',
		String(Math.floor(AT.getTime() / 1000)),
		'-CAfile',
		f('roots.pem', pemAll(row.roots))
	];
	if (row.inter?.length) args.push('-untrusted', f('inter.pem', pemAll(row.inter)));
	if (row.purpose && row.purpose !== 'any')
		args.push('-purpose', row.purpose === 'serverAuth' ? 'sslserver' : 'sslclient');
	if (row.strict) args.push('-x509_strict');
	if (row.host) args.push(/^[0-9.]+$|:/.test(row.host) ? '-verify_ip' : '-verify_hostname', row.host);
	if (row.crls)
		args.push(
			'-crl_check',
			'-CRLfile',
			f('crl.pem', row.crls.map((c) => x509.PemConverter.encode(c.rawData, 'X509 CRL')).join('\n') + '\n')
		);
	args.push(f('leaf.pem', pemAll([row.leaf])));
	const r = spawnSync('openssl', args, { encoding: 'utf8' });
	return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

describe('verifyChain agrees with openssl verify', () => {
	test('the table has at least 25 rows', () => expect(rows.length).toBeGreaterThanOrEqual(25));

	test('every row', async () => {
		const summary: string[] = [];
		for (const [i, row] of rows.entries()) {
			const ours = await verifyChain(
				{
					leaf: row.leaf,
					intermediates: row.inter ?? [],
					roots: row.roots,
					purpose: row.purpose ?? 'any',
					...(row.host ? { host: row.host } : {}),
					...(row.crls ? { crls: row.crls } : {}),
					strict: row.strict ?? false
				},
				{ crypto, now: () => AT }
			);
			const theirs = openssl(row, i);
			const firstFail = ours.steps.find((s) => !s.ok);
			summary.push(
				`${ours.ok === theirs.ok ? 'agree' : 'DISAGREE'} ${row.name}: ` +
					`ours=${ours.ok ? 'ok' : firstFail?.reason} | ` +
					`openssl=${theirs.out.trim().split('\n').slice(-2).join(' / ')}`
			);
			expect.soft(ours.ok, `${row.name}: openssl says ${theirs.out}`).toBe(theirs.ok);
			expect.soft(ours.ok, row.name).toBe(row.fails === undefined);
			if (row.fails)
				expect
					.soft(
						ours.steps.filter((s) => !s.ok).map((s) => s.check),
						row.name
					)
					.toContain(row.fails);
			expect.soft(ours.error?.message ?? '', row.name).toBe(firstFail?.reason ?? '');
		}
		console.log(summary.join('\n'));
	});
});
