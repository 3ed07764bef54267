import { algorithmOfKey } from '../algorithms';
import type { PkiDeps } from '../deps';
import { sha1 } from '../der/sha1';
import { derNull, hexToBytes, unsignedInteger, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import { signerKey, type CaIssuer } from '../issue/issuer';
import { signTbs } from '../issue/sign';
import { generateKeyPair } from '../keys';
import { randomSerialHex } from '../serial';
import { CLOCK_SKEW_MS, wholeSeconds } from '../validity';
import { keyHash, type ResponseSigner } from './response';

/** id-kp-OCSPSigning (RFC 5280 §4.2.1.12): the EKU a delegated responder must carry (RFC 6960 §4.2.2.2). */
export const OID_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
/** id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1): clients need not check the responder's own revocation. */
export const OID_OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';

const BASIC_CONSTRAINTS = der.extension(der.OID.basicConstraints, true, der.BASIC_CONSTRAINTS_END_ENTITY);
const KEY_USAGE = der.extension(der.OID.keyUsage, true, der.keyUsage([der.KEY_USAGE_BIT.digitalSignature]));
const EKU = der.extension(der.OID.extKeyUsage, false, der.extKeyUsage([OID_OCSP_SIGNING]));
/** The extension's value is NULL (RFC 6960 §4.2.2.2.1: "ext-ocsp-nocheck EXTENSION ::= { SYNTAX NULL ... }"). */
const NOCHECK = der.extension(OID_OCSP_NOCHECK, false, derNull());

export interface DelegatedResponder {
	/** Signs the responses (response.ts); its key is extractable so the lab responder can use it. */
	signer: ResponseSigner;
	certificateDer: Bytes;
	keyPair: CryptoKeyPair;
	notBefore: Date;
	notAfter: Date;
}

/**
 * A delegated OCSP responder (RFC 6960 §4.2.2.2): a fresh key of the CA's algorithm and a certificate
 * the CA issues for it with extKeyUsage id-kp-OCSPSigning, id-pkix-ocsp-nocheck (so a client does not
 * ask OCSP about the responder itself), CA:FALSE and digitalSignature only. It is valid from an hour
 * back (clock skew, validity.ts) until `notAfter`, the nextUpdate of the responses it signs: with
 * nocheck, a short life is the only limit on a leaked responder key (§4.2.2.2.1).
 */
export async function issueDelegatedResponder(
	ca: CaIssuer,
	commonName: string,
	notAfter: Date,
	deps: PkiDeps
): Promise<DelegatedResponder> {
	const now = deps.now();
	const notBefore = wholeSeconds(new Date(Math.max(now.getTime() - CLOCK_SKEW_MS, ca.certificate.notBefore.getTime())));
	const keyPair = await generateKeyPair(algorithmOfKey(ca.privateKey), deps.crypto, true);
	const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', keyPair.publicKey));
	const keyId = sha1(der.subjectPublicKeyBits(spki));
	const subject = der.name([{ type: der.OID.commonName, value: commonName }]);
	const tbs = der.tbsCertificate({
		serial: unsignedInteger(hexToBytes(randomSerialHex(deps.crypto))),
		signatureAlgorithm: ca.signatureAlgorithm,
		issuer: ca.issuerName,
		validity: der.validity(notBefore, wholeSeconds(notAfter)),
		subject,
		subjectPublicKeyInfo: spki,
		extensions: [
			BASIC_CONSTRAINTS,
			KEY_USAGE,
			der.extension(der.OID.subjectKeyIdentifier, false, der.subjectKeyIdentifier(keyId)),
			ca.authorityKeyId,
			EKU,
			NOCHECK
		]
	});
	const certificateDer = await signTbs(ca, tbs, deps);
	return {
		signer: { key: signerKey(subject, keyId, keyPair.privateKey), keyHash: keyHash(spki), certificateDer },
		certificateDer,
		keyPair,
		notBefore,
		notAfter: wholeSeconds(notAfter)
	};
}
