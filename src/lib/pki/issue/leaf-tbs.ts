import { sha1 } from '../der/sha1';
import { hexToBytes, unsignedInteger, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import type { ExtendedKeyUsage, Rdn } from '../profiles';
import type { SignerKey } from './issuer';
import type { LeafTemplate } from './prepare';

/**
 * The leaf's TBSCertificate from a template policy has accepted (prepare.ts), written with the DER
 * writer: the parts every leaf shares (basicConstraints, key usage, EKU) are encoded once, the
 * issuer's parts once per batch (issuer.ts), so bulk issuance spends its time in WebCrypto.
 */

const BASIC_CONSTRAINTS = der.extension(der.OID.basicConstraints, true, der.BASIC_CONSTRAINTS_END_ENTITY);
/**
 * Key usage follows the key type: digitalSignature for every TLS key, keyEncipherment only for RSA
 * (RSA key transport, RFC 5246 §7.4.7.1); RFC 5480 §3 does not allow keyEncipherment on EC keys,
 * and RFC 8410 §5 allows only digitalSignature-class usages on Ed25519.
 */
const KEY_USAGE = der.extension(der.OID.keyUsage, true, der.keyUsage([der.KEY_USAGE_BIT.digitalSignature]));
const KEY_USAGE_RSA = der.extension(
	der.OID.keyUsage,
	true,
	der.keyUsage([der.KEY_USAGE_BIT.digitalSignature, der.KEY_USAGE_BIT.keyEncipherment])
);
const EKU_OID: Record<ExtendedKeyUsage, string> = { serverAuth: der.OID.serverAuth, clientAuth: der.OID.clientAuth };
const ekuCache = new Map<string, Bytes>();

function extKeyUsageExtension(usages: readonly ExtendedKeyUsage[]): Bytes {
	const key = usages.join(',');
	let ext = ekuCache.get(key);
	if (!ext) {
		ext = der.extension(der.OID.extKeyUsage, false, der.extKeyUsage(usages.map((u) => EKU_OID[u])));
		ekuCache.set(key, ext);
	}
	return ext;
}

const RDN_OID: Record<Rdn['attr'], string> = {
	CN: der.OID.commonName,
	O: der.OID.organizationName,
	OU: der.OID.organizationalUnitName,
	L: der.OID.localityName,
	ST: der.OID.stateOrProvinceName,
	C: der.OID.countryName
};

/** Subject RDNs in the profile's order, most general first (O before CN, as cockroach cert writes them). */
function subjectRdns(subject: LeafTbsParts['subject']): { type: string; value: string }[] {
	return subject.map((rdn) => ({ type: RDN_OID[rdn.attr], value: rdn.value }));
}

/**
 * The subject as text, the way @peculiar/x509's Name.toString writes it ("O=Cockroach, CN=node",
 * RFC 4514 escaping of , + " \\ < > ; and of a leading # or space or trailing space).
 */
export function leafSubjectText(template: Pick<LeafTemplate, 'subject'>): string {
	const escape = (v: string) =>
		v
			.replace(/([,+"\\<>;])/g, '\\$1')
			.replace(/^([ #])/, '\\$1')
			.replace(/( )$/, '\\$1');
	return template.subject.map((rdn) => `${rdn.attr}=${escape(rdn.value)}`).join(', ');
}

/** What the TBS takes from a template: the names, usages, locations, serial and validity policy decided. */
export type LeafTbsParts = Pick<
	LeafTemplate,
	'subject' | 'sans' | 'extendedKeyUsage' | 'locations' | 'serialHex' | 'notBefore' | 'notAfter'
>;

/** What the TBS needs of the subject key: its SPKI as exported, its SHA-1 key id, and whether it is RSA. */
export interface SubjectKeyFacts {
	spki: Bytes;
	keyId: Bytes;
	isRsa: boolean;
}

/**
 * The subject key facts of an SPKI: the SKI is the SHA-1 of the subjectPublicKey bits (RFC 5280
 * §4.2.1.2 method 1), the value @peculiar/x509, OpenSSL and Go all compute, hashed in place
 * (der/sha1.ts) to save a WebCrypto round trip per certificate.
 */
export function leafKeyFacts(spki: Bytes, isRsa: boolean): SubjectKeyFacts {
	return { spki, keyId: sha1(der.subjectPublicKeyBits(spki)), isRsa };
}

/**
 * The TBSCertificate of a leaf (RFC 5280 §4.1.2), synchronous and pure. Extensions, in this order:
 * basicConstraints CA:FALSE critical (§4.2.1.9), keyUsage critical (§4.2.1.3), subjectKeyIdentifier
 * (§4.2.1.2), authorityKeyIdentifier (§4.2.1.1), extKeyUsage when the kind has one (§4.2.1.12),
 * subjectAltName when there are names (§4.2.1.6; critical only when the subject is empty),
 * authorityInfoAccess (§4.2.2.1) and cRLDistributionPoints (§4.2.1.13) when the CA publishes them.
 */
export function encodeLeafTbs(template: LeafTbsParts, key: SubjectKeyFacts, signer: SignerKey): Bytes {
	const extensions = [
		BASIC_CONSTRAINTS,
		key.isRsa ? KEY_USAGE_RSA : KEY_USAGE,
		der.extension(der.OID.subjectKeyIdentifier, false, der.subjectKeyIdentifier(key.keyId)),
		signer.authorityKeyId
	];
	if (template.extendedKeyUsage.length > 0) extensions.push(extKeyUsageExtension(template.extendedKeyUsage));
	// Critical when the subject is empty (RFC 5280 §4.2.1.6), as in Consul Connect leaves, whose
	// identity is only the SPIFFE URI (agent/connect/csr.go sets no subject).
	if (template.sans.length > 0)
		extensions.push(
			der.extension(der.OID.subjectAltName, template.subject.length === 0, der.generalNames(template.sans))
		);
	const { ocspUrl, caIssuersUrl, crlUrl } = template.locations;
	if (ocspUrl || caIssuersUrl) {
		const access = [
			...(ocspUrl ? [{ method: der.OID.ocsp, uri: ocspUrl }] : []),
			...(caIssuersUrl ? [{ method: der.OID.caIssuers, uri: caIssuersUrl }] : [])
		];
		extensions.push(der.extension(der.OID.authorityInfoAccess, false, der.authorityInfoAccess(access)));
	}
	if (crlUrl) extensions.push(der.extension(der.OID.cRLDistributionPoints, false, der.crlDistributionPoints([crlUrl])));
	return der.tbsCertificate({
		serial: unsignedInteger(hexToBytes(template.serialHex)),
		signatureAlgorithm: signer.signatureAlgorithm,
		issuer: signer.issuerName,
		validity: der.validity(template.notBefore, template.notAfter),
		subject: der.name(subjectRdns(template.subject)),
		subjectPublicKeyInfo: key.spki,
		extensions
	});
}
