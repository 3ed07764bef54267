/**
 * The AES-256-GCM key a passphrase opens: PBKDF2-HMAC (RFC 8018 §5.2) over the passphrase in Unicode
 * NFC, so the same words typed on another keyboard or system give the same key. Sealed CA keys and
 * backup files both use it, each with its own salt and iteration count.
 */
export async function passphraseKey(
	passphrase: string,
	kdf: { salt: Uint8Array<ArrayBuffer>; iterations: number; hash: 'SHA-256' },
	crypto: Crypto,
	usage: KeyUsage
): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(passphrase.normalize('NFC')),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: kdf.hash, iterations: kdf.iterations, salt: kdf.salt },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		[usage]
	);
}
