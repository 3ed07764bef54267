import type { PkiDeps } from '../deps';
import { children, readTlv } from '../der/reader';
import { sha1 } from '../der/sha1';
import {
	TAG,
	asciiOctets,
	contextTag,
	derNull,
	explicit,
	hexToBytes,
	octetString,
	oid,
	sequence,
	timeDigits,
	tlv,
	unsignedInteger,
	type Bytes
} from '../der/writer';
import { subjectPublicKeyBits } from '../der/x509';
import type { SignerKey } from '../issue/issuer';
import { signTbs } from '../issue/sign';
import { CRL_REASON_CODES, type CrlReasonName } from '../crl/reasons';
import { wholeSeconds } from '../validity';

/**
 * Pre-signed OCSP responses (RFC 6960 §4.2): one BasicOCSPResponse per certificate, wrapped in an
 * OCSPResponse with status successful, the file nginx's ssl_stapling_file and HAProxy's `<cert>.ocsp`
 * staple as they are (https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling_file,
 * https://docs.haproxy.org/2.8/configuration.html#5.1-ocsp-update). Signed by the one signer
 * (issue/sign.ts), with the CA key or a delegated responder's key (responder-cert.ts).
 */

const OID_SHA1 = '1.3.14.3.2.26'; // RFC 3279 §2.2.1 id-sha1
/** id-pkix-ocsp-basic (RFC 6960 §4.2.1), the responseType of a BasicOCSPResponse. */
export const OID_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const TAG_ENUMERATED = 0x0a; // X.680 §8.4, universal 10

/** The issuing CA's part of every CertID (RFC 6960 §4.1.1): SHA-1 of its subject Name and of its public key. */
export interface IssuerHashes {
	nameHash: Bytes;
	keyHash: Bytes;
}

/**
 * SHA-1 hashes of the issuer's Name as encoded in its certificate and of its subjectPublicKey bits
 * (without tag, length and unused-bits octet), as RFC 6960 §4.1.1 defines issuerNameHash and
 * issuerKeyHash. SHA-1 because that is the CertID OpenSSL (OCSP_cert_to_id's default), nginx and
 * HAProxy compute when they look for the response of a certificate.
 */
export function issuerHashes(subjectName: Bytes, spki: Bytes): IssuerHashes {
	return { nameHash: sha1(subjectName), keyHash: sha1(subjectPublicKeyBits(spki)) };
}

/** KeyHash of a public key (RFC 6960 §4.2.1): the SHA-1 of its subjectPublicKey bits, as in CertID. */
export function keyHash(spki: Bytes): Bytes {
	return sha1(subjectPublicKeyBits(spki));
}

/** The certificate's serial as the INTEGER it carries: hex of the magnitude, any case, odd length allowed. */
function serialInteger(serialHex: string): Bytes {
	return unsignedInteger(hexToBytes(serialHex.length % 2 ? `0${serialHex}` : serialHex));
}

/** CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } (RFC 6960 §4.1.1). */
export function certId(issuer: IssuerHashes, serialHex: string): Bytes {
	return sequence(
		sequence(oid(OID_SHA1), derNull()),
		octetString(issuer.nameHash),
		octetString(issuer.keyHash),
		serialInteger(serialHex)
	);
}

/**
 * GeneralizedTime YYYYMMDDHHMMSSZ: RFC 6960 §4.2.1 types every OCSP time as GeneralizedTime (unlike
 * certificates, no UTCTime), and RFC 5280 §4.1.2.5.2's form (UTC, seconds, no fraction) is what
 * OpenSSL writes in its own responses.
 */
export function generalizedTime(date: Date): Bytes {
	const d = wholeSeconds(date);
	return tlv(TAG.GeneralizedTime, asciiOctets(String(d.getUTCFullYear()).padStart(4, '0') + timeDigits(d)));
}

/** What one pre-signed answer says about one certificate. */
export interface CertificateStatus {
	serialHex: string;
	revocation?: { revokedAt: Date; reason: CrlReasonName };
}

/**
 * CertStatus (RFC 6960 §4.2.1): good [0] IMPLICIT NULL, or revoked [1] IMPLICIT RevokedInfo with the
 * revocation time and, except for unspecified, revocationReason [0] EXPLICIT CRLReason; RFC 5280
 * §5.3.1 asks CAs to leave unspecified out, and the CRLs of this app do the same.
 */
function certStatus(status: CertificateStatus): Bytes {
	if (!status.revocation) return new Uint8Array([contextTag(0, false), 0]);
	const code = CRL_REASON_CODES[status.revocation.reason];
	const reason =
		code === CRL_REASON_CODES.unspecified ? [] : [explicit(0, tlv(TAG_ENUMERATED, new Uint8Array([code])))];
	return tlv(contextTag(1, true), generalizedTime(status.revocation.revokedAt), ...reason);
}

export interface ResponseDates {
	/** When the status was known to be correct; also producedAt (§4.2.1). */
	thisUpdate: Date;
	/** When newer information will be available; relying parties reject the response after it (§4.2.2.1). */
	nextUpdate: Date;
}

/**
 * ResponseData (RFC 6960 §4.2.1) of one SingleResponse: version v1 (the DEFAULT, so absent),
 * responderID byKey [2] (the responder's KeyHash: shorter than a Name and what OpenSSL's own
 * responder writes with -resp_key_id), producedAt, responses, and no extensions (no nonce: a
 * pre-signed response answers no particular request, §4.4.1).
 */
export function encodeResponseData(
	issuer: IssuerHashes,
	responderKeyHash: Bytes,
	status: CertificateStatus,
	dates: ResponseDates
): Bytes {
	const single = sequence(
		certId(issuer, status.serialHex),
		certStatus(status),
		generalizedTime(dates.thisUpdate),
		explicit(0, generalizedTime(dates.nextUpdate))
	);
	return sequence(explicit(2, octetString(responderKeyHash)), generalizedTime(dates.thisUpdate), sequence(single));
}

/** Who signs: the signer facts of its key, its KeyHash, and its certificate when it is a delegated responder. */
export interface ResponseSigner {
	key: SignerKey;
	keyHash: Bytes;
	/** DER of a delegated responder's certificate, carried in certs [0] so a client can check it (§4.2.2.2). */
	certificateDer?: Bytes;
}

/**
 * OCSPResponse { responseStatus successful (0), responseBytes [0] EXPLICIT { id-pkix-ocsp-basic,
 * OCTET STRING BasicOCSPResponse } } (RFC 6960 §4.2.1), the BasicOCSPResponse being
 * { tbsResponseData, signatureAlgorithm, signature, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }.
 */
export async function signOcspResponse(
	signer: ResponseSigner,
	issuer: IssuerHashes,
	status: CertificateStatus,
	dates: ResponseDates,
	deps: PkiDeps
): Promise<Bytes> {
	const signed = await signTbs(signer.key, encodeResponseData(issuer, signer.keyHash, status, dates), deps);
	const basic = signer.certificateDer ? withCerts(signed, signer.certificateDer) : signed;
	return sequence(
		tlv(TAG_ENUMERATED, new Uint8Array([0])),
		explicit(0, sequence(oid(OID_OCSP_BASIC), octetString(basic)))
	);
}

/** The signed SEQUENCE { tbs, algorithm, signature } with certs [0] appended as its fourth member. */
function withCerts(signed: Bytes, certificateDer: Bytes): Bytes {
	const members = children(signed, readTlv(signed, 0)).map((t) => signed.subarray(t.start, t.end));
	return sequence(...members, explicit(0, sequence(certificateDer)));
}
