import type { Bytes } from '../der/writer';
import { algorithmOf, type BerNode } from '../parse/ber';
import { KdfBudget } from './kdf-budget';
import { pbes2Decrypt, wrongPassword } from './pbes2';
import { OID_PBE_SHA1_3DES, pbeSha13DesDecrypt } from './pkcs12-pbe';

/**
 * Decrypts what a password protects in a PKCS#12 file or an encrypted PKCS#8 key, by its algorithm:
 * PBES2 (RFC 8018 §6.2, modern files) or pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 Appendix C,
 * legacy files). `budget` counts the key-derivation rounds of the whole file (kdf-budget.ts).
 */
export async function decryptPbe(
	algorithm: BerNode | undefined,
	ciphertext: Bytes,
	password: string,
	crypto: Crypto,
	what: string,
	budget: KdfBudget = new KdfBudget(what)
): Promise<Bytes> {
	const alg = algorithmOf(algorithm);
	if (alg?.oid === OID_PBE_SHA1_3DES) {
		const plaintext = pbeSha13DesDecrypt(alg.params, ciphertext, password, what, budget);
		if (!plaintext) throw wrongPassword(what);
		return plaintext;
	}
	return pbes2Decrypt(algorithm, ciphertext, password, crypto, what, budget);
}
