import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { CertificateList, Extension, RevokedCertificate, Time } from '@peculiar/asn1-x509';
import { children, encoding, readTlv, type Tlv } from '../der/reader';
import { sequence, type Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { x509 } from '../x509';
import { contents, oidText } from './der-util';

/**
 * Reads a CRL (RFC 5280 §5.1) of any realistic size. The x509 library parses through asn1js, which
 * stops at 10,000 ASN.1 nodes by default (a CRL of about 3,000 entries) and needs some 100 µs per
 * entry beyond that; a CA's CRL can list hundreds of thousands of certificates. So the library
 * reads everything but the revokedCertificates list (issuer, dates, extensions, signature), and that
 * list is read here with the DER reader, one pass, into the library's own RevokedCertificate objects.
 * The CRL object keeps the original bytes, so its signature check covers what was given.
 */

/** Far more entries than any CA's CRL lists; the 50 MB input limit allows about a million. */
export const MAX_CRL_ENTRIES = 1_000_000;

const TAG = { integer: 0x02, boolean: 0x01, octets: 0x04, oid: 0x06, sequence: 0x30, utc: 0x17, general: 0x18 };
const isTime = (t: Tlv | undefined) => t?.tag === TAG.utc || t?.tag === TAG.general;

/** An X509Crl whose rawData is the DER it was read from, not a re-encoding of its parts. */
class ReadCrl extends x509.X509Crl {
	readonly #der: ArrayBuffer;
	constructor(asn: CertificateList, der: ArrayBuffer) {
		super(asn);
		this.#der = der;
	}
	override get rawData(): ArrayBuffer {
		return this.#der;
	}
}

/** TBSCertList fields: version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] extensions? */
function revokedIndex(fields: Tlv[]): number {
	const afterThisUpdate = (fields[0]?.tag === TAG.integer ? 1 : 0) + 3;
	const next = isTime(fields[afterThisUpdate]) ? afterThisUpdate + 1 : afterThisUpdate;
	return fields[next]?.tag === TAG.sequence ? next : -1;
}

/** True when the signed object's TBS has a CRL's shape (a time where a certificate has its Validity SEQUENCE). */
export function looksLikeCrl(der: Bytes): boolean {
	try {
		const [tbs] = children(der, readTlv(der, 0));
		const fields = tbs ? children(der, tbs) : [];
		return isTime(fields[(fields[0]?.tag === TAG.integer ? 1 : 0) + 2]);
	} catch {
		return false;
	}
}

/** The CRL that `input` starts with (one DER CertificateList); malformed input throws. */
export function readCrl(input: Bytes, maxEntries = MAX_CRL_ENTRIES): x509.X509Crl {
	const outer = readTlv(input, 0);
	const der = input.subarray(0, outer.end);
	const [tbs, algorithm, signature, extra] = children(der, outer);
	if (!tbs || !algorithm || !signature || extra)
		throw new Error('a CRL is SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }');
	const fields = children(der, tbs);
	const at = revokedIndex(fields);
	const list = at >= 0 ? children(der, fields[at]!) : [];
	if (list.length > maxEntries) {
		throw new PkiError(
			'input-too-large',
			`The CRL lists ${list.length.toLocaleString('en-US')} revoked certificates; at most ${maxEntries.toLocaleString('en-US')} are read.`
		);
	}
	const header = sequence(
		sequence(...fields.filter((_, i) => i !== at).map((f) => encoding(der, f))),
		encoding(der, algorithm),
		encoding(der, signature)
	);
	const asn = AsnConvert.parse(header, CertificateList);
	if (at >= 0) asn.tbsCertList.revokedCertificates = list.map((entry) => revoked(der, entry));
	asn.tbsCertListRaw = der.slice(tbs.start, tbs.end).buffer;
	return new ReadCrl(asn, der.slice().buffer);
}

/** RevokedCertificate ::= SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions Extensions OPTIONAL } */
function revoked(der: Bytes, entry: Tlv): RevokedCertificate {
	const [serial, date, extensions, extra] = entry.tag === TAG.sequence ? children(der, entry) : [];
	if (serial?.tag !== TAG.integer || !date || extra || (extensions && extensions.tag !== TAG.sequence))
		throw new Error('a revoked certificate entry does not parse');
	return new RevokedCertificate({
		userCertificate: der.slice(serial.contentStart, serial.end).buffer,
		revocationDate: time(der, date),
		...(extensions ? { crlEntryExtensions: children(der, extensions).map((e) => extension(der, e)) } : {})
	});
}

/**
 * The RFC 5280 §4.1.2.5 forms, UTCTime YYMMDDHHMMSSZ (years 1950-2049) and GeneralizedTime
 * YYYYMMDDHHMMSSZ, read directly; any other form goes through the library as before.
 */
function time(der: Bytes, t: Tlv): Time {
	if (t.end - t.contentStart > 32) throw new Error('a revocation date is too long');
	const text = String.fromCharCode(...contents(der, t));
	const utc = t.tag === TAG.utc && /^\d{12}Z$/.test(text);
	const general = t.tag === TAG.general && /^\d{14}Z$/.test(text);
	if (!utc && !general) return AsnConvert.parse(encoding(der, t), Time);
	const [month, day, hours, minutes, seconds] = [0, 2, 4, 6, 8].map((i) => Number(text.slice(-11 + i, -9 + i)));
	const yy = Number(text.slice(0, 2));
	const year = utc ? (yy < 50 ? 2000 : 1900) + yy : Number(text.slice(0, 4));
	const date = new Date(0);
	date.setUTCFullYear(year, month! - 1, day);
	date.setUTCHours(hours!, minutes, seconds, 0);
	if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hours)
		throw new Error(`the revocation date ${text} does not exist`);
	if (date.getUTCMinutes() !== minutes || date.getUTCSeconds() !== seconds)
		throw new Error(`the revocation date ${text} does not exist`);
	return new Time(utc ? { utcTime: date } : { generalTime: date });
}

/** Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
function extension(der: Bytes, t: Tlv): Extension {
	const parts = t.tag === TAG.sequence ? children(der, t) : [];
	const [id, critical] = parts;
	const value = parts[parts.length - 1];
	const flagged = parts.length === 3 && critical?.tag === TAG.boolean && critical.end - critical.contentStart === 1;
	if (id?.tag !== TAG.oid || value?.tag !== TAG.octets || (parts.length !== 2 && !flagged))
		throw new Error('a CRL entry extension does not parse');
	return new Extension({
		extnID: oidText(contents(der, id)),
		critical: flagged && der[critical.contentStart] !== 0,
		extnValue: new OctetString(contents(der, value))
	});
}
