import { children, encoding, readTlv } from './reader';
import { bitStringOctets, concat, tlv, TAG, type Bytes } from './writer';

const OID_EC_PUBLIC_KEY = '06072a8648ce3d0201'; // 1.2.840.10045.2.1, RFC 5480 §2.1.1
const OID_RSA_ENCRYPTION = '06092a864886f70d010101'; // 1.2.840.113549.1.1.1, RFC 8017 Appendix C

const hex = (b: Bytes) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * The SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of a key, read out of the PKCS#8 the leaf's key is
 * exported as anyway, so issuing needs one export per key instead of two:
 * - EC: ECPrivateKey carries its public point in [1] (RFC 5915 §3); the SPKI is the PKCS#8's
 *   algorithm identifier (id-ecPublicKey and the named curve) with that point (RFC 5480 §2).
 * - RSA: RSAPrivateKey carries the modulus and public exponent (RFC 8017 Appendix A.1.2); the SPKI
 *   wraps RSAPublicKey { n, e } (Appendix A.1.1) under rsaEncryption with NULL parameters.
 * Anything else (Ed25519, whose PKCS#8 from WebCrypto holds only the seed, RFC 8410 §7; an EC key
 * exported without its point) returns undefined, and the caller exports the SPKI instead.
 */
export function spkiFromPkcs8(pkcs8: Bytes): Bytes | undefined {
	try {
		const [version, algorithm, privateKey] = children(pkcs8, readTlv(pkcs8, 0));
		if (!version || !algorithm || privateKey?.tag !== TAG.OCTET_STRING) return undefined;
		const algorithmId = encoding(pkcs8, algorithm);
		const algorithmOid = children(pkcs8, algorithm)[0];
		const oid = algorithmOid ? hex(encoding(pkcs8, algorithmOid)) : '';
		const inner = readTlv(pkcs8, privateKey.contentStart);
		const fields = children(pkcs8, inner);
		if (oid === OID_EC_PUBLIC_KEY) {
			const publicKey = fields.find((f) => f.tag === 0xa1);
			if (!publicKey) return undefined;
			const bits = readTlv(pkcs8, publicKey.contentStart);
			if (bits.tag !== TAG.BIT_STRING) return undefined;
			return tlv(TAG.SEQUENCE, algorithmId, encoding(pkcs8, bits));
		}
		if (oid === OID_RSA_ENCRYPTION) {
			const [, n, e] = fields;
			if (n?.tag !== TAG.INTEGER || e?.tag !== TAG.INTEGER) return undefined;
			const rsaPublicKey = tlv(TAG.SEQUENCE, concat([encoding(pkcs8, n), encoding(pkcs8, e)]));
			return tlv(TAG.SEQUENCE, algorithmId, bitStringOctets(rsaPublicKey));
		}
		return undefined;
	} catch {
		return undefined;
	}
}
