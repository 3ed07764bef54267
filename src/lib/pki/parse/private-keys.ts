import { derNull, octetString, oid, sequence, smallInteger, type Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { decryptPbe } from '../pbe/decrypt';
import type { KdfBudget } from '../pbe/kdf-budget';
import { wrongPassword } from '../pbe/pbes2';
import { elementsOf, isSequence, octetsOf, parseBer } from './ber';
import { contents, oidText, outerTlv, tryChildren } from './der-util';
import { CURVES, KEY_OID } from './key-info';

/**
 * Private keys in the shapes OpenSSL and friends write them, all normalised to unencrypted PKCS#8
 * (RFC 5208 §5), the one format WebCrypto imports.
 */

/** RSAPrivateKey (PKCS#1, RFC 8017 App. A.1.2, "RSA PRIVATE KEY") → PrivateKeyInfo with rsaEncryption and NULL params. */
export function pkcs1ToPkcs8(pkcs1: Bytes): Bytes {
	const parts = tryChildren(pkcs1, outerTlv(pkcs1, 'The RSA private key'));
	if (!parts || parts.length < 9 || parts.some((p) => p.tag !== 0x02)) {
		throw new PkiError(
			'input-malformed',
			'The RSA private key (PKCS#1) is damaged: it does not hold the nine numbers an RSA key needs. Export the key again.'
		);
	}
	return sequence(smallInteger(0), sequence(oid(KEY_OID.rsa), derNull()), octetString(pkcs1));
}

/**
 * ECPrivateKey (SEC1 / RFC 5915 §3, "EC PRIVATE KEY") → PrivateKeyInfo with id-ecPublicKey and the
 * named curve (RFC 5480 §2.1.1). The curve is in the key's [0] parameters, or, for keys written with
 * `-noout`-less `openssl ecparam -genkey`, in a preceding "EC PARAMETERS" block (fallbackCurve).
 * The [0] parameters are dropped from the inner key, as they are redundant with the AlgorithmIdentifier.
 */
export function sec1ToPkcs8(sec1: Bytes, fallbackCurveOid?: string): Bytes {
	const parts = tryChildren(sec1, outerTlv(sec1, 'The EC private key'));
	const [version, key] = parts ?? [];
	if (!parts || version?.tag !== 0x02 || key?.tag !== 0x04) {
		throw new PkiError(
			'input-malformed',
			'The EC private key (SEC1) is damaged: it lacks the version and private key fields. Export the key again.'
		);
	}
	const params = parts.find((p) => p.tag === 0xa0);
	const inner = params ? tryChildren(sec1, params)?.[0] : undefined;
	const curveOid = inner?.tag === 0x06 ? oidText(contents(sec1, inner)) : fallbackCurveOid;
	if (!curveOid) {
		throw new PkiError(
			'input-unsupported',
			'The EC private key does not say which curve it is on. Export it with its parameters ' +
				'(openssl ec -in key.pem -param_enc named_curve) or as PKCS#8 (openssl pkcs8 -topk8 ' +
				'-nocrypt).'
		);
	}
	if (!CURVES[curveOid])
		throw new PkiError(
			'input-unsupported',
			`The EC private key is on curve ${curveOid}, which browsers cannot use. Use P-256, P-384 or P-521.`
		);
	const publicKey = parts.find((p) => p.tag === 0xa1);
	const rebuilt = sequence(
		smallInteger(1),
		sec1.subarray(key.start, key.end),
		...(publicKey ? [sec1.subarray(publicKey.start, publicKey.end)] : [])
	);
	return sequence(smallInteger(0), sequence(oid(KEY_OID.ec), oid(curveOid)), octetString(rebuilt));
}

/** The curve OID in an "EC PARAMETERS" block (RFC 5480 §2.1.1 ECParameters, namedCurve choice). */
export function ecParametersCurve(der: Bytes): string | undefined {
	const t = outerTlv(der, 'The EC parameters');
	return t.tag === 0x06 ? oidText(contents(der, t)) : undefined;
}

/**
 * EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING }
 * (RFC 5958 §3, "ENCRYPTED PRIVATE KEY") → PrivateKeyInfo. PBES2 with PBKDF2 and AES is decrypted
 * (what `openssl pkcs8 -topk8 -v2 aes-256-cbc` and OpenSSL 3's default write), and so is PKCS#12's
 * 3DES scheme (`-v1 PBE-SHA1-3DES`, the key bags of legacy .p12 files); PBES1 schemes (DES, RC2) get a
 * plain message (../pbe/pbes2.ts). `budget` counts the rounds of the file the key is in.
 */
export async function decryptPkcs8(
	encrypted: Bytes,
	password: string,
	crypto: Crypto,
	budget?: KdfBudget
): Promise<Bytes> {
	const node = parseBer(encrypted, 'The encrypted private key');
	const [algorithm, data] = elementsOf(node);
	const ciphertext = octetsOf(data);
	if (!isSequence(node) || !isSequence(algorithm) || !ciphertext) {
		throw new PkiError(
			'input-malformed',
			'The encrypted private key is damaged: its structure does not parse. Export the key again.'
		);
	}
	const der = await decryptPbe(algorithm, ciphertext, password, crypto, 'the private key', budget);
	// A wrong password usually fails the CBC padding check, but 1 in 256 passes it with garbage.
	const [version, alg, key] = tryChildren(der, safeOuter(der)) ?? [];
	if (version?.tag !== 0x02 || alg?.tag !== 0x30 || key?.tag !== 0x04) throw wrongPassword('the private key');
	return der;
}

function safeOuter(der: Bytes) {
	try {
		return outerTlv(der, 'key');
	} catch {
		return { tag: 0, start: 0, contentStart: 0, end: 0 };
	}
}
