import { algorithmOfKey, signingParams } from '../algorithms';
import type { PkiDeps } from '../deps';
import { ecdsaRawToDer } from '../der/ecdsa';
import { certificateParts } from '../der/reader';
import { sha1 } from '../der/sha1';
import { hexToBytes, unsignedInteger, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import type { ExtendedKeyUsage, Rdn } from '../profiles';
import { x509 } from '../x509';
import type { LeafTemplate } from './prepare';

/** A CA able to sign: its certificate and its (non-extractable) private key. */
export interface SigningIssuer {
	certificate: x509.X509Certificate;
	privateKey: CryptoKey;
}

/** The issuer's own subject key identifier, copied into leaves as their AKI (RFC 5280 §4.2.1.1). */
export function issuerKeyId(issuer: x509.X509Certificate): string {
	const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
	if (!ski) throw new Error('Issuer certificate has no subject key identifier');
	return ski.keyId;
}

/**
 * Everything about a leaf that depends only on its issuer, encoded once per batch: the issuer Name
 * copied from the CA certificate as encoded, so name chaining (RFC 5280 §7.1) compares equal bytes;
 * the signature AlgorithmIdentifier; the AKI extension; the fixed extensions.
 */
export interface LeafSigner {
	privateKey: CryptoKey;
	signParams: Algorithm | EcdsaParams;
	isEcdsa: boolean;
	signatureAlgorithm: Bytes;
	issuerName: Bytes;
	authorityKeyId: Bytes;
}

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

const signerCache = new WeakMap<x509.X509Certificate, LeafSigner>();

/** Encodes the per-issuer parts once; cached per certificate object for single signLeaf calls. */
export function prepareSigner(issuer: SigningIssuer): LeafSigner {
	const cached = signerCache.get(issuer.certificate);
	if (cached && cached.privateKey === issuer.privateKey) return cached;
	const alg = algorithmOfKey(issuer.privateKey);
	const signer: LeafSigner = {
		privateKey: issuer.privateKey,
		signParams: signingParams(alg),
		isEcdsa: alg === 'P-256' || alg === 'P-384',
		signatureAlgorithm: der.signatureAlgorithm(alg === 'P-256' || alg === 'P-384' || alg === 'Ed25519' ? alg : 'RSA'),
		issuerName: certificateParts(new Uint8Array(issuer.certificate.rawData)).subject.slice(),
		authorityKeyId: der.extension(
			der.OID.authorityKeyIdentifier,
			false,
			der.authorityKeyIdentifier(hexToBytes(issuerKeyId(issuer.certificate)))
		)
	};
	signerCache.set(issuer.certificate, signer);
	return signer;
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
function subjectRdns(subject: LeafTemplate['subject']): { type: string; value: string }[] {
	return subject.map((rdn) => ({ type: RDN_OID[rdn.attr], value: rdn.value }));
}

/**
 * The subject as text, the way @peculiar/x509's Name.toString writes it ("O=Cockroach, CN=node",
 * RFC 4514 escaping of , + " \\ < > ; and of a leading # or space or trailing space).
 */
export function leafSubjectText(template: LeafTemplate): string {
	const escape = (v: string) =>
		v
			.replace(/([,+"\\<>;])/g, '\\$1')
			.replace(/^([ #])/, '\\$1')
			.replace(/( )$/, '\\$1');
	return template.subject.map((rdn) => `${rdn.attr}=${escape(rdn.value)}`).join(', ');
}

/** What the TBS needs of the subject key: its SPKI as exported, its SHA-1 key id, and whether it is RSA. */
export interface SubjectKeyFacts {
	spki: Bytes;
	keyId: Bytes;
	isRsa: boolean;
}

/**
 * The TBSCertificate of a leaf (RFC 5280 §4.1.2), synchronous and pure. Extensions, in this order:
 * basicConstraints CA:FALSE critical (§4.2.1.9), keyUsage critical (§4.2.1.3), subjectKeyIdentifier
 * (§4.2.1.2), authorityKeyIdentifier (§4.2.1.1), extKeyUsage when the kind has one (§4.2.1.12),
 * subjectAltName when there are names (§4.2.1.6; critical only when the subject is empty),
 * authorityInfoAccess (§4.2.2.1) and cRLDistributionPoints (§4.2.1.13) when the CA publishes them.
 */
export function encodeLeafTbs(template: LeafTemplate, key: SubjectKeyFacts, signer: LeafSigner): Bytes {
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

/**
 * Phase two of issuance: the only code that uses a CA private key. Returns the certificate DER.
 * The SKI is the SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1), the value
 * @peculiar/x509, OpenSSL and Go all compute, hashed in place (der/sha1.ts) to save a WebCrypto
 * round trip per certificate. The signature goes in as WebCrypto returns it, except
 * ECDSA's r‖s which X.509 carries as a DER Ecdsa-Sig-Value (RFC 3279 §2.2.3).
 */
export async function signLeafDer(
	template: LeafTemplate,
	subjectPublicKey: CryptoKey,
	signer: LeafSigner,
	deps: PkiDeps
): Promise<Bytes> {
	const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', subjectPublicKey));
	const keyId = sha1(der.subjectPublicKeyBits(spki));
	const tbs = encodeLeafTbs(
		template,
		{ spki, keyId, isRsa: subjectPublicKey.algorithm.name.startsWith('RSA') },
		signer
	);
	const raw = new Uint8Array(await deps.crypto.subtle.sign(signer.signParams, signer.privateKey, tbs));
	return der.certificate(tbs, signer.signatureAlgorithm, signer.isEcdsa ? ecdsaRawToDer(raw) : raw);
}

/** signLeafDer for one certificate, parsed back into @peculiar/x509's object for callers that read it. */
export async function signLeaf(
	template: LeafTemplate,
	subjectPublicKey: CryptoKey,
	issuer: SigningIssuer,
	deps: PkiDeps
): Promise<x509.X509Certificate> {
	return new x509.X509Certificate(await signLeafDer(template, subjectPublicKey, prepareSigner(issuer), deps));
}
