import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import { signCrl, type CrlEntryInput } from '../crl/build';
import { pem } from '../der/pem';
import { prepareLeaf } from '../issue/prepare';
import { signLeaf } from '../issue/sign';
import { generateKeyPair } from '../keys';
import { verifyChain } from '../verify';
import type { x509 } from '../x509';
import { readCrl } from './crl-reader';
import { describeCrl, MAX_LISTED_ENTRIES } from './describe-csr-crl';
import { parseInputs } from './parse';

/**
 * Large CRLs: a CA that has revoked many certificates publishes a CRL of hundreds of thousands of
 * entries. The x509 library's parser stopped at asn1js's 10,000-node default (about 3,000 entries) and
 * the file was reported as damaged; read in full it took some 100 µs per entry.
 */
const NOW = new Date('2026-03-01T12:00:00Z');
const deps = { crypto: globalThis.crypto, now: () => NOW };
const ENTRIES = 100_000;

let root: NewRootCa;
let leaf: x509.X509Certificate;
let big: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
	root = await createRootCa({ name: 'Busy CA', keyAlgorithm: 'P-256', days: 3660 }, deps);
	const issuer = { certificate: root.certificate, privateKey: root.keys.privateKey };
	const template = prepareLeaf(
		{ profileId: 'cockroachdb', kindId: 'client', input: { users: 'mallory' }, days: 30, keyAlgorithm: 'P-256' },
		{ name: 'Busy CA', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter },
		deps
	);
	leaf = await signLeaf(template, (await generateKeyPair('P-256', deps.crypto, false)).publicKey, issuer, deps);
	const revokedAt = new Date('2026-02-01T00:00:00Z');
	const entries: CrlEntryInput[] = Array.from({ length: ENTRIES - 1 }, (_, i) => ({
		serialHex: (0x10000000 + i).toString(16),
		revokedAt,
		reason: i % 3 ? 'superseded' : 'unspecified'
	}));
	// The leaf is listed in the middle, as one of many.
	entries.splice(ENTRIES / 2, 0, { serialHex: leaf.serialNumber, revokedAt, reason: 'keyCompromise' });
	const dates = { thisUpdate: new Date('2026-02-28T00:00:00Z'), nextUpdate: new Date('2026-03-07T00:00:00Z') };
	big = await signCrl(issuer, { number: 42, ...dates, entries }, deps);
}, 120_000);

describe('a CRL of 100,000 entries', () => {
	test('is read, described and finds the listed certificate revoked, as Inspect does', async () => {
		const start = performance.now();
		const { items, problems } = await parseInputs([{ name: 'busy.crl', bytes: big }], deps);
		expect(problems).toEqual([]);
		const crl = items[0]?.kind === 'crl' ? items[0].crl : undefined;
		expect(crl).toBeDefined();

		const view = describeCrl(crl!, NOW);
		expect(view.entryCount).toBe(ENTRIES);
		expect(view.entries).toHaveLength(MAX_LISTED_ENTRIES);
		// The CRL lists serials in hex order (crl/build.ts), so the leaf's random serial comes first when its
		// hex starts with 0; 10000001 is second or third either way.
		expect(view.entries.slice(1, 3)).toContainEqual({
			serial: '10000001',
			revoked: '2026-02-01T00:00:00.000Z',
			reason: 'superseded'
		});
		expect(view.crlNumber).toBe('2a');

		const result = await verifyChain(
			{
				leaf: { cert: leaf, name: 'mallory' },
				roots: [root.certificate],
				purpose: 'clientAuth',
				crls: [crl!],
				at: NOW
			},
			deps
		);
		expect(result.error?.code).toBe('revoked');
		expect(result.error?.message).toMatch(
			/was revoked by 'Busy CA' on 2026-02-01 00:00 UTC \(reason: keyCompromise\)$/
		);
		// About a second on an idle machine; generous for a shared one.
		expect(performance.now() - start).toBeLessThan(60_000);
	}, 120_000);

	test('is read from PEM too', async () => {
		const bytes = new TextEncoder().encode(pem(big, 'X509 CRL'));
		const { items, problems } = await parseInputs([{ name: 'busy.pem', bytes }], deps);
		expect(problems).toEqual([]);
		expect(items[0]?.kind === 'crl' && items[0].crl.entries.length).toBe(ENTRIES);
	}, 120_000);

	test('keeps the bytes it was read from and its signature verifies over them', async () => {
		const crl = readCrl(big);
		expect(Buffer.from(crl.rawData).equals(Buffer.from(big))).toBe(true);
		expect(await crl.verify({ publicKey: root.certificate.publicKey }, deps.crypto)).toBe(true);
		// One serial in the revoked list changed: 0x10008000 becomes 0x10008001.
		const tampered = big.slice();
		const at = Buffer.from(tampered).indexOf(Buffer.from([0x02, 0x04, 0x10, 0x00, 0x80, 0x00]));
		expect(at).toBeGreaterThan(0);
		tampered[at + 5] = 1;
		expect(await readCrl(tampered).verify({ publicKey: root.certificate.publicKey }, deps.crypto)).toBe(false);
	}, 120_000);

	test('a CRL over the entry budget is refused by its count', async () => {
		expect(() => readCrl(big, 50_000)).toThrow(
			expect.objectContaining({
				code: 'input-too-large',
				message: 'The CRL lists 100,000 revoked certificates; at most 50,000 are read.'
			})
		);
		const { problems } = await parseInputs([{ name: 'busy.crl', bytes: big }], deps, {
			limits: { maxCrlEntries: 50_000 }
		});
		expect(problems.map((p) => p.error.code)).toEqual(['input-too-large']);
	}, 120_000);
});

describe('what the fast reader checks, entry by entry', () => {
	const small = async (entries: CrlEntryInput[]) =>
		signCrl(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{
				number: 1,
				thisUpdate: new Date('2026-02-28T00:00:00Z'),
				nextUpdate: new Date('2026-03-07T00:00:00Z'),
				entries
			},
			deps
		);

	test('an entry whose date does not exist is damage, in words', async () => {
		const der = await small([{ serialHex: '0abc', revokedAt: new Date('2026-02-01T00:00:00Z'), reason: 'superseded' }]);
		const at = Buffer.from(der).indexOf('260201000000Z');
		der.set(new TextEncoder().encode('261301'), at); // month 13
		const { problems } = await parseInputs([{ name: 'bad.crl', bytes: der }], deps);
		expect(problems.map((p) => p.error)).toEqual([
			{
				code: 'input-malformed',
				message: 'The CRL is damaged: the revocation date 261301000000Z does not exist. Export it again.'
			}
		]);
	});

	test('entries read here equal the library reading the same CRL', async () => {
		const { x509 } = await import('../x509');
		const der = await small([
			{ serialHex: '00ff', revokedAt: new Date('2049-12-31T23:59:59Z'), reason: 'keyCompromise' },
			{ serialHex: '7f', revokedAt: new Date('2050-01-01T00:00:00Z'), reason: 'cessationOfOperation' },
			{ serialHex: '80', revokedAt: new Date('1999-06-01T00:00:00Z'), reason: 'unspecified' }
		]);
		const fields = (crl: x509.X509Crl) => ({
			entries: crl.entries.map((e) => [e.serialNumber, e.revocationDate.toISOString(), e.reason, e.extensions.length]),
			issuer: crl.issuer,
			thisUpdate: crl.thisUpdate,
			nextUpdate: crl.nextUpdate,
			extensions: crl.extensions.map((e) => [e.type, e.critical])
		});
		expect(fields(readCrl(der))).toEqual(fields(new x509.X509Crl(der)));
	});
});
