import { signingParams, type KeyAlgorithm } from './algorithms';
import type { PkiDeps } from './deps';
import { PkiError } from './errors';
import { generateKeyPair } from './keys';
import { randomSerialHex } from './serial';
import { rootValidity } from './validity';
import { x509 } from './x509';

export interface RootCaRequest {
	name: string;
	keyAlgorithm: KeyAlgorithm;
	days: number;
}

export interface NewRootCa {
	certificate: x509.X509Certificate;
	/** Extractable, so the caller can seal the PKCS#8; it must not keep it afterwards. */
	keys: CryptoKeyPair;
}

/** A CA name becomes the subject CN, which X.520 bounds at 64 characters (RFC 5280 Appendix A). */
export function validateCaName(name: string): string {
	const trimmed = name.trim();
	if (trimmed.length === 0) throw new PkiError('name-invalid', 'Give the CA a name, such as "Lab Root CA".', 'name');
	if ([...trimmed].length > 64) throw new PkiError('name-invalid', 'A CA name can be at most 64 characters long.', 'name');
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new PkiError('name-invalid', 'A CA name cannot contain control characters.', 'name');
	return trimmed;
}

/**
 * A self-signed root: basicConstraints CA:TRUE critical, keyUsage keyCertSign + cRLSign (critical,
 * RFC 5280 §4.2.1.3 and §4.2.1.9), plus digitalSignature so the CA can sign OCSP responses itself.
 * No pathLen limit, so intermediates can be added later. SKI and AKI are both present; AKI equals
 * SKI on a self-signed certificate.
 */
export async function createRootCa(request: RootCaRequest, deps: PkiDeps): Promise<NewRootCa> {
	const name = validateCaName(request.name);
	const { notBefore, notAfter } = rootValidity(deps.now(), request.days);
	const keys = await generateKeyPair(request.keyAlgorithm, deps.crypto, true);
	const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, deps.crypto);
	const certificate = await x509.X509CertificateGenerator.createSelfSigned(
		{
			serialNumber: randomSerialHex(deps.crypto),
			name: [{ CN: [name] }],
			notBefore,
			notAfter,
			keys,
			signingAlgorithm: signingParams(request.keyAlgorithm),
			extensions: [
				new x509.BasicConstraintsExtension(true, undefined, true),
				new x509.KeyUsagesExtension(
					x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
					true
				),
				ski,
				new x509.AuthorityKeyIdentifierExtension(ski.keyId)
			]
		},
		deps.crypto
	);
	return { certificate, keys };
}
