import { algorithmOfKey, signingParams } from '../algorithms';
import type { PkiDeps } from '../deps';
import { x509 } from '../x509';
import type { LeafTemplate } from './prepare';

/** A CA able to sign: its certificate and its (non-extractable) private key. */
export interface SigningIssuer {
	certificate: x509.X509Certificate;
	privateKey: CryptoKey;
}

/**
 * Key usage follows the key type: digitalSignature for every TLS key, keyEncipherment only for RSA
 * (RSA key transport, RFC 5246 §7.4.7.1); RFC 5480 §3 does not allow keyEncipherment on EC keys,
 * and RFC 8410 §5 allows only digitalSignature-class usages on Ed25519.
 */
function leafKeyUsage(subjectPublicKey: CryptoKey): number {
	const flags = x509.KeyUsageFlags.digitalSignature;
	return subjectPublicKey.algorithm.name.startsWith('RSA') ? flags | x509.KeyUsageFlags.keyEncipherment : flags;
}

/** The issuer's own subject key identifier, copied into leaves as their AKI (RFC 5280 §4.2.1.1). */
export function issuerKeyId(issuer: x509.X509Certificate): string {
	const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
	if (!ski) throw new Error('Issuer certificate has no subject key identifier');
	return ski.keyId;
}

function subjectName(subject: LeafTemplate['subject']): x509.JsonName {
	return subject.O ? [{ O: [subject.O] }, { CN: [subject.CN] }] : [{ CN: [subject.CN] }];
}

/**
 * Phase two of issuance: the only code that uses a CA private key. The issuer name is copied from
 * the CA certificate as encoded, so name chaining (RFC 5280 §7.1) compares equal bytes.
 */
export async function signLeaf(
	template: LeafTemplate,
	subjectPublicKey: CryptoKey,
	issuer: SigningIssuer,
	deps: PkiDeps
): Promise<x509.X509Certificate> {
	const extensions: x509.Extension[] = [
		new x509.BasicConstraintsExtension(false, undefined, true),
		new x509.KeyUsagesExtension(leafKeyUsage(subjectPublicKey), true),
		await x509.SubjectKeyIdentifierExtension.create(subjectPublicKey, false, deps.crypto),
		new x509.AuthorityKeyIdentifierExtension(issuerKeyId(issuer.certificate))
	];
	if (template.extendedKeyUsage.length > 0) {
		extensions.push(new x509.ExtendedKeyUsageExtension([...template.extendedKeyUsage.map((u) => x509.ExtendedKeyUsage[u])]));
	}
	if (template.sans.length > 0) {
		extensions.push(new x509.SubjectAlternativeNameExtension(template.sans.map((san) => ({ type: san.type === 'uri' ? 'url' : san.type, value: san.value }))));
	}
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: template.serialHex,
			subject: subjectName(template.subject),
			issuer: issuer.certificate.subjectName,
			notBefore: template.notBefore,
			notAfter: template.notAfter,
			publicKey: subjectPublicKey,
			signingKey: issuer.privateKey,
			signingAlgorithm: signingParams(algorithmOfKey(issuer.privateKey)),
			extensions
		},
		deps.crypto
	);
}
