import { ECParameters, ECPrivateKey, id_secp256r1, id_secp384r1 } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { KeyAlgorithm } from './algorithms';
import { x509 } from './x509';

const CURVE_OID: Partial<Record<KeyAlgorithm, string>> = { 'P-256': id_secp256r1, 'P-384': id_secp384r1 };

/**
 * A CA key as the consumer reads it. Consul's tlsutil.ParseSigner accepts only "EC PRIVATE KEY"
 * (SEC1, RFC 5915; hashicorp/consul tlsutil/generate.go), the format `consul tls ca create` writes,
 * so EC keys are re-wrapped from PKCS#8: the inner ECPrivateKey gets its curve OID in [0], which
 * WebCrypto's PKCS#8 leaves out and Go's x509.ParseECPrivateKey needs. Other keys stay PKCS#8.
 */
export function caKeyPem(pkcs8: ArrayBuffer, alg: KeyAlgorithm): string {
	const curve = CURVE_OID[alg];
	if (!curve) return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
	const info = AsnConvert.parse(pkcs8, PrivateKeyInfo);
	const ec = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
	ec.parameters = new ECParameters({ namedCurve: curve });
	return x509.PemConverter.encode(AsnConvert.serialize(ec), 'EC PRIVATE KEY');
}
