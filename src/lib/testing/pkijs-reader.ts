import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * pkijs as the independent reader of what export/ writes: a second implementation of PKCS#12 and
 * PBES2 checks ours (export/pkcs12.test.ts, export/encrypted-pkcs8.test.ts).
 */
export const pkijsEngine = new pkijs.CryptoEngine({ name: 'reference', crypto: globalThis.crypto });

/** pkijs takes a password as the bytes PBES2 derives from: UTF-8. */
export const passwordBytes = (s: string) => new TextEncoder().encode(s).slice().buffer;

/** The PBES2 parameters of an encryption AlgorithmIdentifier, as plain values. */
export function pbes2Shape(alg: pkijs.AlgorithmIdentifier) {
	const params = new pkijs.PBES2Params({ schema: alg.algorithmParams });
	const kdf = new pkijs.PBKDF2Params({ schema: params.keyDerivationFunc.algorithmParams });
	return {
		scheme: alg.algorithmId,
		kdf: params.keyDerivationFunc.algorithmId,
		prf: kdf.prf?.algorithmId,
		iterations: kdf.iterationCount,
		saltBytes: (kdf.salt as asn1js.OctetString).valueBlock.valueHexView.byteLength,
		cipher: params.encryptionScheme.algorithmId,
		ivBytes: (params.encryptionScheme.algorithmParams as asn1js.OctetString).valueBlock.valueHexView.byteLength
	};
}

/** What export/ writes: PBES2, PBKDF2 with HMAC-SHA-256, AES-256-CBC, a 16-byte salt and IV. */
export const expectedPbes2 = (iterations: number) => ({
	scheme: '1.2.840.113549.1.5.13',
	kdf: '1.2.840.113549.1.5.12',
	prf: '1.2.840.113549.2.9',
	iterations,
	saltBytes: 16,
	cipher: '2.16.840.1.101.3.4.1.42',
	ivBytes: 16
});

/** Decrypts a PKCS8ShroudedKeyBag (or an EncryptedPrivateKeyInfo) with pkijs. */
export function decryptShroudedKey(bag: pkijs.PKCS8ShroudedKeyBag, password: string): Promise<ArrayBuffer> {
	return new pkijs.EncryptedData({
		encryptedContentInfo: new pkijs.EncryptedContentInfo({
			contentEncryptionAlgorithm: bag.encryptionAlgorithm,
			encryptedContent: bag.encryptedData
		})
	}).decrypt({ password: passwordBytes(password) }, pkijsEngine);
}
