import { parseIpv4, parseIpv6, type SubjectAltName } from '../names';
import {
	TAG,
	bitStringOctets,
	boolean,
	explicit,
	implicitPrimitive,
	isPrintable,
	namedBits,
	octetString,
	oid,
	sequence,
	set,
	smallInteger,
	string,
	time,
	asciiOctets,
	contextTag,
	derNull,
	tlv,
	type Bytes
} from './writer';
import { children, readTlv } from './reader';

/**
 * DER encoders for the parts of an X.509 v3 certificate (RFC 5280 §4.1) that leaf issuance needs.
 * They produce the same bytes as @peculiar/x509 for the same inputs (der/equivalence.test.ts), so
 * the two can be swapped without a certificate changing by one byte.
 */

/** Object identifiers used here, with where each is defined. */
export const OID = {
	// Attribute types for Names (RFC 5280 Appendix A.1, X.520).
	commonName: '2.5.4.3',
	countryName: '2.5.4.6',
	localityName: '2.5.4.7',
	stateOrProvinceName: '2.5.4.8',
	organizationName: '2.5.4.10',
	organizationalUnitName: '2.5.4.11',
	// Signature algorithms.
	ecdsaWithSha256: '1.2.840.10045.4.3.2', // RFC 5758 §3.2
	ecdsaWithSha384: '1.2.840.10045.4.3.3', // RFC 5758 §3.2
	sha256WithRsa: '1.2.840.113549.1.1.11', // RFC 4055 §5
	ed25519: '1.3.101.112', // RFC 8410 §3
	// Certificate extensions (RFC 5280 §4.2.1).
	subjectKeyIdentifier: '2.5.29.14',
	keyUsage: '2.5.29.15',
	subjectAltName: '2.5.29.17',
	basicConstraints: '2.5.29.19',
	nameConstraints: '2.5.29.30',
	authorityKeyIdentifier: '2.5.29.35',
	extKeyUsage: '2.5.29.37',
	cRLDistributionPoints: '2.5.29.31',
	authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
	// Access methods (RFC 5280 §4.2.2.1).
	ocsp: '1.3.6.1.5.5.7.48.1',
	caIssuers: '1.3.6.1.5.5.7.48.2',
	// Extended key usages (RFC 5280 §4.2.1.12).
	serverAuth: '1.3.6.1.5.5.7.3.1',
	clientAuth: '1.3.6.1.5.5.7.3.2'
} as const;

/** version [0] EXPLICIT Version DEFAULT v1, with v3 = 2 because extensions are present (RFC 5280 §4.1.2.1). */
export const VERSION_V3 = explicit(0, smallInteger(2));

/**
 * AlgorithmIdentifier for the signature (RFC 5280 §4.1.1.2). ECDSA and Ed25519 omit parameters
 * (RFC 5758 §3.2, RFC 8410 §3); RSA PKCS#1 v1.5 requires an explicit NULL (RFC 4055 §5).
 */
export function signatureAlgorithm(kind: 'P-256' | 'P-384' | 'Ed25519' | 'RSA'): Bytes {
	switch (kind) {
		case 'P-256':
			return sequence(oid(OID.ecdsaWithSha256));
		case 'P-384':
			return sequence(oid(OID.ecdsaWithSha384));
		case 'Ed25519':
			return sequence(oid(OID.ed25519));
		case 'RSA':
			return sequence(oid(OID.sha256WithRsa), derNull());
	}
}

/**
 * A Name of single-attribute RDNs in the order given (RFC 5280 §4.1.2.4). DirectoryString is
 * PrintableString when the value fits its repertoire and UTF8String otherwise, the choice
 * @peculiar/x509 and Go's crypto/x509 make (RFC 5280 §4.1.2.4 allows both).
 */
export function name(rdns: readonly { type: string; value: string }[]): Bytes {
	// Leaves of one kind share a subject (O=Cockroach, CN=node), so each distinct one is encoded once.
	const key = JSON.stringify(rdns.map((r) => [r.type, r.value]));
	let encoded = nameCache.get(key);
	if (!encoded) {
		encoded = encodeName(rdns);
		if (nameCache.size >= 256) nameCache.clear();
		nameCache.set(key, encoded);
	}
	return encoded;
}

const nameCache = new Map<string, Bytes>();

function encodeName(rdns: readonly { type: string; value: string }[]): Bytes {
	return sequence(
		...rdns.map(({ type, value }) =>
			set(sequence(oid(type), string(isPrintable(value) ? TAG.PrintableString : TAG.UTF8String, value)))
		)
	);
}

/** Validity ::= SEQUENCE { notBefore Time, notAfter Time } (RFC 5280 §4.1.2.5). */
export function validity(notBefore: Date, notAfter: Date): Bytes {
	return sequence(time(notBefore), time(notAfter));
}

/**
 * Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * (RFC 5280 §4.1.2.9). DER omits a value equal to its DEFAULT (X.690 §11.5), so critical is written
 * only when true.
 */
export function extension(id: string, critical: boolean, value: Bytes): Bytes {
	return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** BasicConstraints for an end entity: cA DEFAULT FALSE and no pathLen, so an empty SEQUENCE (RFC 5280 §4.2.1.9). */
export const BASIC_CONSTRAINTS_END_ENTITY = sequence();

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN TRUE, pathLenConstraint INTEGER OPTIONAL } for a CA (RFC 5280 §4.2.1.9). */
export function basicConstraintsCa(pathLen: number | undefined): Bytes {
	return pathLen === undefined ? sequence(boolean(true)) : sequence(boolean(true), smallInteger(pathLen));
}

/** KeyUsage bits (RFC 5280 §4.2.1.3): digitalSignature (0), keyEncipherment (2), … */
export const KEY_USAGE_BIT = {
	digitalSignature: 0,
	nonRepudiation: 1,
	keyEncipherment: 2,
	dataEncipherment: 3,
	keyAgreement: 4,
	keyCertSign: 5,
	cRLSign: 6
} as const;

export function keyUsage(bits: readonly number[]): Bytes {
	return namedBits(bits);
}

/** SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING (RFC 5280 §4.2.1.2). */
export function subjectKeyIdentifier(keyId: Bytes): Bytes {
	return octetString(keyId);
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT KeyIdentifier OPTIONAL, … } (RFC 5280 §4.2.1.1). */
export function authorityKeyIdentifier(keyId: Bytes): Bytes {
	return sequence(implicitPrimitive(0, keyId));
}

/** ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 §4.2.1.12). */
export function extKeyUsage(purposeOids: readonly string[]): Bytes {
	return sequence(...purposeOids.map((p) => oid(p)));
}

/**
 * One GeneralName (RFC 5280 §4.2.1.6): dNSName [2] and uniformResourceIdentifier [6] are IMPLICIT
 * IA5String, iPAddress [7] is the 4 or 16 address octets in network order, otherName [0] carries a
 * type id and an explicitly tagged value.
 */
export function generalName(san: SubjectAltName): Bytes {
	switch (san.type) {
		case 'dns':
			return implicitPrimitive(2, asciiOctets(san.value));
		case 'uri':
			return implicitPrimitive(6, asciiOctets(san.value));
		case 'ip':
			return implicitPrimitive(7, san.value.includes(':') ? parseIpv6(san.value) : parseIpv4(san.value));
		case 'cn':
			// otherName [0] IMPLICIT SEQUENCE { type-id, value [0] EXPLICIT UTF8String }, as
			// elasticsearch-certutil's CertGenUtils.createCommonName builds it.
			return tlv(contextTag(0, true), oid(OID.commonName), explicit(0, string(TAG.UTF8String, san.value)));
	}
}

/** GeneralNames ::= SEQUENCE OF GeneralName, the value of subjectAltName (RFC 5280 §4.2.1.6). */
export function generalNames(sans: readonly SubjectAltName[]): Bytes {
	return sequence(...sans.map(generalName));
}

/** A permitted subtree's base (RFC 5280 §4.2.1.10): a DNS domain, a URI host, or an IP range as address + mask octets. */
export type SubtreeBase = { type: 'dns' | 'uri'; value: string } | { type: 'ip'; addressAndMask: Uint8Array };

/**
 * NameConstraints ::= SEQUENCE { permittedSubtrees [0] IMPLICIT GeneralSubtrees } where each
 * GeneralSubtree is SEQUENCE { base GeneralName } with minimum (DEFAULT 0) and maximum left out
 * (RFC 5280 §4.2.1.10: "minimum MUST be zero" and "maximum MUST be absent"); the iPAddress of a
 * subtree is the address followed by the mask.
 */
export function nameConstraints(permitted: readonly SubtreeBase[]): Bytes {
	const subtrees = permitted.map((base) =>
		sequence(
			base.type === 'ip'
				? implicitPrimitive(7, base.addressAndMask)
				: implicitPrimitive(base.type === 'dns' ? 2 : 6, asciiOctets(base.value))
		)
	);
	return sequence(tlv(contextTag(0, true), ...subtrees));
}

/**
 * AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod, accessLocation
 * GeneralName } with the location a uniformResourceIdentifier [6] (RFC 5280 §4.2.2.1).
 */
export function authorityInfoAccess(entries: readonly { method: string; uri: string }[]): Bytes {
	return sequence(...entries.map((e) => sequence(oid(e.method), implicitPrimitive(6, asciiOctets(e.uri)))));
}

/**
 * CRLDistributionPoints ::= SEQUENCE OF DistributionPoint; each point here is
 * distributionPoint [0] { fullName [0] GeneralNames } with one URI (RFC 5280 §4.2.1.13); the outer
 * tag is explicit because DistributionPointName is a CHOICE (X.680 §31.2.7), the inner one implicit.
 */
export function crlDistributionPoints(uris: readonly string[]): Bytes {
	return sequence(...uris.map((uri) => sequence(explicit(0, explicit(0, implicitPrimitive(6, asciiOctets(uri)))))));
}

export interface TbsParts {
	/** Pre-encoded INTEGER. */
	serial: Bytes;
	signatureAlgorithm: Bytes;
	issuer: Bytes;
	validity: Bytes;
	subject: Bytes;
	/** SubjectPublicKeyInfo as WebCrypto exports it ('spki'), already DER. */
	subjectPublicKeyInfo: Bytes;
	/** Complete Extension encodings, in the order they should appear. */
	extensions: readonly Bytes[];
}

/**
 * TBSCertificate (RFC 5280 §4.1.2): version, serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo, and extensions [3] EXPLICIT; issuerUniqueID and subjectUniqueID are never
 * written (§4.1.2.8 says CAs conforming to the profile MUST NOT generate them).
 */
export function tbsCertificate(p: TbsParts): Bytes {
	const parts: Bytes[] = [
		VERSION_V3,
		p.serial,
		p.signatureAlgorithm,
		p.issuer,
		p.validity,
		p.subject,
		p.subjectPublicKeyInfo
	];
	if (p.extensions.length > 0) parts.push(explicit(3, sequence(...p.extensions)));
	return sequence(...parts);
}

/**
 * SEQUENCE { to-be-signed, signatureAlgorithm, signature BIT STRING }: the shape of a Certificate
 * (RFC 5280 §4.1), a CertificateList (§5.1) and a CertificationRequest (RFC 2986 §4.2) alike.
 */
export function signedStructure(tbs: Bytes, signatureAlgorithmDer: Bytes, signatureValue: Bytes): Bytes {
	return sequence(tbs, signatureAlgorithmDer, bitStringOctets(signatureValue));
}

/**
 * The subjectPublicKey BIT STRING's key octets from a SubjectPublicKeyInfo, what RFC 5280 §4.2.1.2
 * method (1) hashes with SHA-1 for the key identifier. The SPKI is SEQUENCE { algorithm, BIT STRING }.
 */
export function subjectPublicKeyBits(spki: Bytes): Bytes {
	const [, key] = children(spki, readTlv(spki, 0));
	if (!key || key.tag !== TAG.BIT_STRING || spki[key.contentStart] !== 0)
		throw new Error('SubjectPublicKeyInfo without a whole-octet BIT STRING key');
	return spki.subarray(key.contentStart + 1, key.end);
}
