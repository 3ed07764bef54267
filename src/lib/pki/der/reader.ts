import type { Bytes } from './writer';
/**
 * Just enough DER reading to copy encoded parts out of a certificate unchanged (the issuer Name must
 * be the CA's subject byte for byte for name chaining, RFC 5280 §7.1) and to take a certificate
 * apart in tests. Definite lengths only, as DER requires (X.690 §10.1); single-octet tags only.
 */

export interface Tlv {
	tag: number;
	/** Offset of the identifier octet within the buffer. */
	start: number;
	/** Offset of the first content octet. */
	contentStart: number;
	/** Offset just past the last content octet. */
	end: number;
}

export function readTlv(der: Bytes, at: number): Tlv {
	const fail = (why: string) => new Error(`Malformed DER at offset ${at}: ${why}`);
	const tag = der[at];
	if (tag === undefined) throw fail('truncated');
	if ((tag & 0x1f) === 0x1f) throw fail('high-tag-number form');
	const first = der[at + 1];
	if (first === undefined) throw fail('truncated length');
	let length = first;
	let contentStart = at + 2;
	if (first & 0x80) {
		const count = first & 0x7f;
		if (count === 0 || count > 4) throw fail('indefinite or oversized length');
		length = 0;
		for (let i = 0; i < count; i++) {
			const b = der[at + 2 + i];
			if (b === undefined) throw fail('truncated length');
			length = length * 256 + b;
		}
		contentStart += count;
	}
	const end = contentStart + length;
	if (end > der.length) throw fail('length runs past the end');
	return { tag, start: at, contentStart, end };
}

/** The child TLVs of a constructed TLV, in order. */
export function children(der: Bytes, parent: Tlv): Tlv[] {
	const out: Tlv[] = [];
	for (let at = parent.contentStart; at < parent.end;) {
		const child = readTlv(der, at);
		out.push(child);
		at = child.end;
	}
	if (out.length > 0 && out[out.length - 1]!.end !== parent.end)
		throw new Error('Malformed DER: children overrun their parent');
	return out;
}

/** The complete encoding of a TLV (a view, not a copy). */
export function encoding(der: Bytes, t: Tlv): Bytes {
	return der.subarray(t.start, t.end);
}

/**
 * The parts of a Certificate (RFC 5280 §4.1): tbsCertificate, signatureAlgorithm, signatureValue,
 * and, inside the TBS, the issuer and subject Names.
 */
export function certificateParts(der: Bytes): { tbs: Bytes; signatureAlgorithm: Bytes; subject: Bytes; issuer: Bytes } {
	const cert = readTlv(der, 0);
	const [tbs, sigAlg] = children(der, cert);
	if (!tbs || !sigAlg) throw new Error('Malformed certificate: too few fields');
	const fields = children(der, tbs);
	// version is [0] EXPLICIT and absent for v1 certificates (RFC 5280 §4.1.2.1).
	const skip = fields[0]?.tag === 0xa0 ? 1 : 0;
	const issuer = fields[skip + 2];
	const subject = fields[skip + 4];
	if (!issuer || !subject) throw new Error('Malformed certificate: too few TBS fields');
	return {
		tbs: encoding(der, tbs),
		signatureAlgorithm: encoding(der, sigAlg),
		issuer: encoding(der, issuer),
		subject: encoding(der, subject)
	};
}

/**
 * The subject Name and SubjectPublicKeyInfo of a CertificationRequest (RFC 2986 §4.1:
 * CertificationRequestInfo ::= SEQUENCE { version, subject, subjectPKInfo, attributes [0] }), as encoded.
 */
export function csrParts(der: Bytes): { subject: Bytes; spki: Bytes } {
	const [info] = children(der, readTlv(der, 0));
	if (!info) throw new Error('Malformed CSR: no CertificationRequestInfo');
	const [, subject, spki] = children(der, info);
	if (!subject || !spki) throw new Error('Malformed CSR: too few fields');
	return { subject: encoding(der, subject), spki: encoding(der, spki) };
}
