import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { certificateParts, readTlv, children, encoding } from '../der/reader';
import { PkiError } from '../errors';
import { prepareLeaf } from '../issue/prepare';
import { issuerKeyId } from '../issue/issuer';
import { signLeaf } from '../issue/sign';
import { generateKeyPair } from '../keys';
import { verifyChain } from '../verify';
import { crlNumber } from '../parse/extensions';
import { x509 } from '../x509';
import { signCrl, type CrlEntryInput } from './build';
import { crlFileNames, lastSegment } from './file-names';
import { crlDates, DEFAULT_CRL_DAYS } from './next-update';

const NOW = new Date('2026-03-01T12:00:00.400Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const DAY = 86_400_000;
const AKI = '2.5.29.35';
const CRL_NUMBER = '2.5.29.20';

let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'CRL Test Root', keyAlgorithm: 'P-256', days: 3660 }, deps);
});

const issuer = () => ({ certificate: root.certificate, privateKey: root.keys.privateKey });
const entries: CrlEntryInput[] = [
	{ serialHex: '7f01020304050607', revokedAt: new Date('2026-02-20T08:00:00.900Z'), reason: 'keyCompromise' },
	{ serialHex: '0123', revokedAt: new Date('2026-02-10T08:00:00Z'), reason: 'unspecified' },
	{ serialHex: '80ff', revokedAt: new Date('2026-02-25T08:00:00Z'), reason: 'superseded' }
];

describe('signCrl (RFC 5280 §5)', () => {
	test('a v2 CRL with number, AKI, dates and the revoked entries, signed by the CA key', async () => {
		const { thisUpdate, nextUpdate } = crlDates(NOW, DEFAULT_CRL_DAYS, root.certificate.notAfter);
		const crl = new x509.X509Crl(await signCrl(issuer(), { number: 3, thisUpdate, nextUpdate, entries }, deps));

		expect(crl.version).toBe(1); // v2 is encoded as 1 (§5.1.2.1)
		expect(crl.issuer).toBe('CN=CRL Test Root');
		expect(crl.thisUpdate.toISOString()).toBe('2026-03-01T12:00:00.000Z');
		expect(crl.nextUpdate?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
		expect(crl.extensions.map((e) => [e.type, e.critical])).toEqual([
			[AKI, false],
			[CRL_NUMBER, false]
		]);
		expect(crlNumber(crl)).toBe('03');
		expect(crl.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(issuerKeyId(root.certificate));

		// Oldest revocation first; the reason is omitted for unspecified (§5.3.1), and times are whole seconds.
		expect(
			crl.entries.map((e) => [
				e.serialNumber.toLowerCase(),
				e.revocationDate.toISOString(),
				e.reason,
				e.extensions.length
			])
		).toEqual([
			['0123', '2026-02-10T08:00:00.000Z', undefined, 0],
			['7f01020304050607', '2026-02-20T08:00:00.000Z', x509.X509CrlReason.keyCompromise, 1],
			['80ff', '2026-02-25T08:00:00.000Z', x509.X509CrlReason.superseded, 1]
		]);
		expect(await crl.verify({ publicKey: root.certificate.publicKey }, globalThis.crypto)).toBe(true);
	});

	test('the issuer Name is the CA subject byte for byte', async () => {
		const der = await signCrl(
			issuer(),
			{ number: 1, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), entries: [] },
			deps
		);
		const tbs = children(der, readTlv(der, 0))[0]!;
		const fields = children(der, tbs);
		// version, signature, issuer, thisUpdate, nextUpdate, [0] crlExtensions: no revokedCertificates (§5.1.2.6).
		expect(fields.map((f) => f.tag)).toEqual([0x02, 0x30, 0x30, 0x17, 0x17, 0xa0]);
		expect(encoding(der, fields[2]!)).toEqual(certificateParts(new Uint8Array(root.certificate.rawData)).subject);
		const crl = new x509.X509Crl(der);
		expect(crl.entries).toEqual([]);
		expect(await crl.verify({ publicKey: root.certificate.publicKey }, globalThis.crypto)).toBe(true);
	});

	test('a CRL signed by another CA does not verify with this CA key', async () => {
		const other = await createRootCa({ name: 'CRL Test Root', keyAlgorithm: 'P-256', days: 30 }, deps);
		const der = await signCrl(
			{ certificate: other.certificate, privateKey: other.keys.privateKey },
			{ number: 1, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), entries },
			deps
		);
		expect(await new x509.X509Crl(der).verify({ publicKey: root.certificate.publicKey }, globalThis.crypto)).toBe(
			false
		);
	});

	test.each(['RSA-2048', 'Ed25519'] as const)('a %s CA signs a CRL that verifies', async (keyAlgorithm) => {
		const ca = await createRootCa({ name: `CRL ${keyAlgorithm}`, keyAlgorithm, days: 30 }, deps);
		const crl = new x509.X509Crl(
			await signCrl(
				{ certificate: ca.certificate, privateKey: ca.keys.privateKey },
				{ number: 200, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY), entries },
				deps
			)
		);
		expect(crlNumber(crl)).toBe('c8');
		expect(crl.signatureAlgorithm.name).toBe(keyAlgorithm === 'Ed25519' ? 'Ed25519' : 'RSASSA-PKCS1-v1_5');
		expect(await crl.verify({ publicKey: ca.certificate.publicKey }, globalThis.crypto)).toBe(true);
	});

	test('a CRL number below 1 is a defect, not a CRL', async () => {
		await expect(signCrl(issuer(), { number: 0, thisUpdate: NOW, nextUpdate: NOW, entries: [] }, deps)).rejects.toThrow(
			RangeError
		);
	});
});

describe("the app's own verifier (RFC 5280 §6.3) with a published CRL", () => {
	async function leaf(user: string) {
		const template = prepareLeaf(
			{ profileId: 'cockroachdb', kindId: 'client', input: { users: user }, days: 30, keyAlgorithm: 'P-256' },
			{ name: 'CRL Test Root', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter },
			deps
		);
		const keys = await generateKeyPair('P-256', deps.crypto, false);
		return signLeaf(template, keys.publicKey, issuer(), deps);
	}

	test('refuses the revoked client with its reason, accepts the other', async () => {
		const [alice, bob] = [await leaf('alice'), await leaf('bob')];
		const { thisUpdate, nextUpdate } = crlDates(NOW, 7, root.certificate.notAfter);
		const revokedAt = new Date(NOW.getTime() - 60_000);
		const crl = new x509.X509Crl(
			await signCrl(
				issuer(),
				{
					number: 1,
					thisUpdate,
					nextUpdate,
					entries: [{ serialHex: alice.serialNumber, revokedAt, reason: 'keyCompromise' }]
				},
				deps
			)
		);
		const check = (cert: x509.X509Certificate, at = NOW) =>
			verifyChain({ leaf: cert, roots: [root.certificate], purpose: 'clientAuth', crls: [crl], at }, deps);

		const refused = await check(alice);
		expect(refused.error?.code).toBe('revoked');
		expect(refused.error?.message).toMatch(
			/was revoked by 'CRL Test Root' on 2026-03-01 11:59 UTC \(reason: keyCompromise\)$/
		);
		expect((await check(bob)).ok).toBe(true);
		// Once nextUpdate has passed, the CRL no longer vouches for anything.
		expect((await check(bob, new Date(nextUpdate.getTime() + 1000))).error?.code).toBe('crl-invalid');
	});
});

describe('crlDates (RFC 5280 §5.1.2.4-5)', () => {
	const caNotAfter = new Date('2026-03-04T00:00:00Z'); // 2.5 days after NOW

	test('nextUpdate is the chosen days later, in whole seconds', () => {
		expect(crlDates(NOW, 1, caNotAfter)).toEqual({
			thisUpdate: new Date('2026-03-01T12:00:00Z'),
			nextUpdate: new Date('2026-03-02T12:00:00Z')
		});
	});

	test("the CA's last part-day is clamped to its notAfter", () => {
		expect(crlDates(NOW, 3, caNotAfter).nextUpdate).toEqual(caNotAfter);
	});

	test('more days than the CA has left are refused with the most that fits, on the field', () => {
		const error = (() => {
			try {
				crlDates(NOW, 4, caNotAfter);
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(PkiError);
		expect(error).toMatchObject({ code: 'validity-beyond-ca', field: 'crlDays' });
		expect((error as PkiError).message).toBe("4 days would pass the CA's expiry on 2026-03-04. Choose at most 3 days.");
	});

	test.each([0, -1, 1.5, Number.NaN])('%s days is refused as not a positive whole number', (days) => {
		expect(() => crlDates(NOW, days, caNotAfter)).toThrow(
			expect.objectContaining({ code: 'validity-invalid', field: 'crlDays' })
		);
	});

	test('an expired CA publishes no CRL', () => {
		expect(() => crlDates(NOW, 1, new Date('2026-03-01T00:00:00Z'))).toThrow(
			expect.objectContaining({ code: 'ca-expired' })
		);
	});
});

describe('crlFileNames', () => {
	test('the DER file takes the last segment of the CRL distribution point', () => {
		expect(crlFileNames('lab-root', 4, 'http://pki.example.internal/crl/lab-root.crl')).toEqual({
			der: 'lab-root.crl',
			pem: 'lab-root-crl-4.pem',
			publishAt: 'http://pki.example.internal/crl/lab-root.crl'
		});
	});

	test('without a URL, or with one ending in a slash, both are named after the CA and the number', () => {
		expect(crlFileNames('lab-root', 12)).toEqual({ der: 'lab-root-crl-12.crl', pem: 'lab-root-crl-12.pem' });
		expect(crlFileNames('lab-root', 12, 'http://pki.example/crl/').der).toBe('lab-root-crl-12.crl');
	});

	test('percent-encoding is decoded and path tricks are refused', () => {
		expect(lastSegment('http://h/a/my%20ca.crl')).toBe('my ca.crl');
		expect(lastSegment('http://h/a/..%2Fetc')).toBe('');
		expect(lastSegment('not a url')).toBe('');
	});
});
