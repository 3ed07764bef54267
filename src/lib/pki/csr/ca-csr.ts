import type { PkiDeps } from '../deps';
import { certificateParts } from '../der/reader';
import { contextTag, hexToBytes, oid, sequence, set, smallInteger, tlv, type Bytes } from '../der/writer';
import { caExtensions, keyIdOf } from '../issue/ca-tbs';
import { signerKey } from '../issue/issuer';
import { signTbs } from '../issue/sign';
import { x509 } from '../x509';

/** PKCS #9 extensionRequest (RFC 2985 §5.4.2): the extensions a CSR asks its signer to copy. */
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/**
 * A CSR for one of our CAs, so an organization's root can sign it (RFC 2986). Subject and public
 * key are the CA certificate's, as encoded; it is signed with the unlocked CA key (issue/sign.ts),
 * which stays non-extractable. The extensionRequest asks for what our CAs carry
 * (issue/ca-tbs.ts caExtensions): basicConstraints CA:TRUE critical with the current path length,
 * keyUsage keyCertSign + cRLSign (+ digitalSignature) critical, and the SKI, which the root's
 * signer may copy.
 */
export async function caCsr(
	certificate: x509.X509Certificate,
	privateKey: CryptoKey,
	deps: PkiDeps
): Promise<x509.Pkcs10CertificateRequest> {
	const subject = certificateParts(new Uint8Array(certificate.rawData)).subject;
	const spki = new Uint8Array(certificate.publicKey.rawData);
	const pathLen = certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength;
	const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
	const extensions = caExtensions(pathLen, ski ? hexToBytes(ski.keyId) : undefined);
	// CertificationRequestInfo ::= SEQUENCE { version 0, subject, subjectPKInfo, attributes [0] IMPLICIT SET OF Attribute } (RFC 2986 §4.1)
	const info: Bytes = sequence(
		smallInteger(0),
		subject,
		spki,
		tlv(contextTag(0, true), sequence(oid(OID_EXTENSION_REQUEST), set(sequence(...extensions))))
	);
	const der = await signTbs(signerKey(subject, keyIdOf(spki), privateKey), info, deps);
	return new x509.Pkcs10CertificateRequest(der);
}
