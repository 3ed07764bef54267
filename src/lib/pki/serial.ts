/**
 * A random, positive serial of 16 octets (128 bits of which 127 are random), within RFC 5280
 * §4.1.2.2's limit of 20 octets. Clearing the top bit keeps the DER INTEGER positive without a
 * leading zero octet; a non-zero first octet keeps the length fixed, so serials never collide by
 * padding. Returned as lower-case hex, as @peculiar/x509 takes it.
 */
export function randomSerialHex(crypto: Crypto): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
