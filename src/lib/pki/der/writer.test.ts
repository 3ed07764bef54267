import { describe, expect, test } from 'vitest';
import { x509 } from '../x509';
import { ecdsaRawToDer } from './ecdsa';
import { pem, pemBytes } from './pem';
import { certificateParts, children, readTlv } from './reader';
import {
	bytesToHex,
	hexToBytes,
	namedBits,
	oid,
	smallInteger,
	string,
	TAG,
	time,
	tlv,
	unsignedInteger
} from './writer';

const hex = (b: Uint8Array) => bytesToHex(b);

describe('DER writer (X.690)', () => {
	test('lengths: short form to 127, long form with minimal octets beyond', () => {
		expect(hex(tlv(0x04, new Uint8Array(0)))).toBe('0400');
		expect(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4)).toBe('047f');
		expect(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6)).toBe('048180');
		expect(hex(tlv(0x04, new Uint8Array(255))).slice(0, 6)).toBe('0481ff');
		expect(hex(tlv(0x04, new Uint8Array(256))).slice(0, 8)).toBe('04820100');
		expect(hex(tlv(0x04, new Uint8Array(70000))).slice(0, 10)).toBe('0483011170');
	});

	test('INTEGER: minimal two’s complement, non-negative', () => {
		expect(hex(smallInteger(0))).toBe('020100');
		expect(hex(smallInteger(2))).toBe('020102');
		expect(hex(smallInteger(127))).toBe('02017f');
		expect(hex(smallInteger(128))).toBe('02020080');
		expect(hex(smallInteger(256))).toBe('02020100');
		expect(hex(unsignedInteger(hexToBytes('000000')))).toBe('020100');
		expect(hex(unsignedInteger(hexToBytes('0001ff')))).toBe('020201ff');
		expect(hex(unsignedInteger(hexToBytes('00ff')))).toBe('020200ff');
		expect(hex(unsignedInteger(hexToBytes('7f00')))).toBe('02027f00');
	});

	test('hex parsing takes both cases and refuses odd lengths and non-hex digits', () => {
		expect(hex(hexToBytes('00ffAB7f'))).toBe('00ffab7f');
		expect(() => hexToBytes('abc')).toThrow();
		expect(() => hexToBytes('zz')).toThrow();
		expect(() => hexToBytes('0g')).toThrow();
	});

	test('OBJECT IDENTIFIER: first two arcs combined, base-128 arcs', () => {
		expect(hex(oid('1.2.840.113549.1.1.11'))).toBe('06092a864886f70d01010b');
		expect(hex(oid('2.5.29.19'))).toBe('0603551d13');
		expect(hex(oid('1.3.101.112'))).toBe('06032b6570');
		expect(hex(oid('2.999.3'))).toBe('0603883703');
		expect(() => oid('3.1')).toThrow();
		expect(() => oid('1.40')).toThrow();
		expect(() => oid('1.2.03')).toThrow();
	});

	test('named BIT STRING drops trailing zero bits and counts unused bits (X.690 §11.2.2)', () => {
		expect(hex(namedBits([0]))).toBe('03020780'); // digitalSignature
		expect(hex(namedBits([0, 2]))).toBe('030205a0'); // + keyEncipherment
		expect(hex(namedBits([0, 5, 6]))).toBe('03020186'); // CA: digitalSignature, keyCertSign, cRLSign
		expect(hex(namedBits([8]))).toBe('0303070080'); // decipherOnly
		expect(hex(namedBits([]))).toBe('030100');
	});

	test('strings: PrintableString and IA5String refuse non-ASCII, UTF8String encodes UTF-8', () => {
		expect(hex(string(TAG.UTF8String, 'é'))).toBe('0c02c3a9');
		expect(hex(string(TAG.PrintableString, 'Ab'))).toBe('13024162');
		expect(() => string(TAG.IA5String, 'é')).toThrow(/ASCII/);
		expect(hex(string(TAG.UTF8String, 'node'))).toBe('0c046e6f6465');
		expect(hex(string(TAG.UTF8String, 'ü€😀'))).toBe('0c09' + hex(new TextEncoder().encode('ü€😀')));
	});

	test('Time: UTCTime through 2049, GeneralizedTime from 2050, whole seconds only (RFC 5280 §4.1.2.5)', () => {
		const text = (d: string) => new TextDecoder().decode(time(new Date(d)).subarray(2));
		expect(time(new Date('2049-12-31T23:59:59Z'))[0]).toBe(TAG.UTCTime);
		expect(text('2049-12-31T23:59:59Z')).toBe('491231235959Z');
		expect(text('1950-01-01T00:00:00Z')).toBe('500101000000Z');
		expect(time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(TAG.GeneralizedTime);
		expect(text('2050-01-01T00:00:00Z')).toBe('20500101000000Z');
		expect(text('2026-03-05T07:08:09Z')).toBe('260305070809Z');
		expect(() => time(new Date('2026-03-05T07:08:09.500Z'))).toThrow(/whole seconds/);
		expect(() => time(new Date('1949-12-31T23:59:59Z'))).toThrow();
		expect(() => time(new Date(NaN))).toThrow();
		// Cached encodings are equal on every call.
		expect(hex(time(new Date('2026-03-05T07:08:09Z')))).toBe(hex(time(new Date('2026-03-05T07:08:09Z'))));
	});
});

describe('ECDSA signature r||s → Ecdsa-Sig-Value (RFC 3279 §2.2.3)', () => {
	test('strips leading zeros and adds one before a set top bit', () => {
		const r = hexToBytes('00' + '7f'.repeat(31));
		const s = hexToBytes('80' + '01'.repeat(31));
		expect(hex(ecdsaRawToDer(new Uint8Array([...r, ...s])))).toBe(
			'3044' + '021f' + '7f'.repeat(31) + '022100' + '80' + '01'.repeat(31)
		);
		expect(hex(ecdsaRawToDer(new Uint8Array(64)))).toBe('3006020100020100');
		expect(() => ecdsaRawToDer(new Uint8Array(63))).toThrow();
	});

	test('WebCrypto verifies what it signed after a round trip through DER and @peculiar/x509 parses it back', async () => {
		for (const [curve, hash, size] of [
			['P-256', 'SHA-256', 32],
			['P-384', 'SHA-384', 48]
		] as const) {
			const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, false, ['sign', 'verify']);
			for (let i = 0; i < 20; i++) {
				const data = crypto.getRandomValues(new Uint8Array(40));
				const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash }, keys.privateKey, data));
				const derSig = ecdsaRawToDer(raw);
				const back = new Uint8Array(
					new x509.AsnEcSignatureFormatter().toWebSignature(
						{ name: 'ECDSA', namedCurve: curve } as EcKeyAlgorithm,
						derSig
					) ?? new ArrayBuffer(0)
				);
				expect(back.length).toBe(2 * size);
				expect(hex(back)).toBe(hex(raw));
			}
		}
	});
});

describe('PEM and reader', () => {
	test('PEM text equals @peculiar/x509 PemConverter for every length mod 3 and across line breaks', () => {
		for (const n of [0, 1, 2, 3, 47, 48, 49, 95, 96, 97, 700, 20000]) {
			const bytes = crypto.getRandomValues(new Uint8Array(n));
			const text = x509.PemConverter.encode(bytes, 'CERTIFICATE');
			expect(pem(bytes, 'CERTIFICATE')).toBe(text);
			expect(hex(pemBytes(bytes, 'CERTIFICATE'))).toBe(hex(new TextEncoder().encode(text)));
			expect(hex(pemBytes(bytes, 'CERTIFICATE', true))).toBe(hex(new TextEncoder().encode(`${text}\n`)));
			expect(pem(bytes, 'PRIVATE KEY', true)).toBe(`${x509.PemConverter.encode(bytes, 'PRIVATE KEY')}\n`);
		}
	});

	test('reads definite lengths, refuses truncation and indefinite length', () => {
		const seq = tlv(0x30, tlv(0x02, new Uint8Array([5])), tlv(0x04, new Uint8Array(200)));
		const kids = children(seq, readTlv(seq, 0));
		expect(kids.map((k) => k.tag)).toEqual([0x02, 0x04]);
		expect(kids[1]?.end).toBe(seq.length);
		expect(() => readTlv(seq.subarray(0, seq.length - 1), 0)).toThrow(/past the end/);
		expect(() => readTlv(new Uint8Array([0x30, 0x80, 0, 0]), 0)).toThrow(/indefinite/);
	});

	test('certificateParts finds the issuer and subject Names that @peculiar/x509 reads', async () => {
		const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
		const cert = await x509.X509CertificateGenerator.createSelfSigned({
			name: 'CN=Reader, O=Test',
			keys,
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2027-01-01T00:00:00Z')
		});
		const parts = certificateParts(new Uint8Array(cert.rawData));
		expect(hex(parts.subject)).toBe(hex(new Uint8Array(cert.subjectName.toArrayBuffer())));
		expect(hex(parts.issuer)).toBe(hex(new Uint8Array(cert.issuerName.toArrayBuffer())));
		expect(parts.tbs.length).toBeGreaterThan(100);
	});
});
