/**
 * A random, positive serial of 16 octets (128 bits of which 127 are random), within RFC 5280
 * §4.1.2.2's limit of 20 octets. Clearing the top bit keeps the DER INTEGER positive without a
 * leading zero octet; a non-zero first octet keeps the length fixed, so serials never collide by
 * padding. Returned as lower-case hex, as @peculiar/x509 takes it.
 */
export function randomSerialHex(crypto: Crypto): string {
	return serialHex(crypto.getRandomValues(new Uint8Array(SERIAL_OCTETS)), 0);
}

/**
 * Serials for a batch: the same serials as randomSerialHex, drawn 64 at a time, one
 * getRandomValues call (a call into the browser) per 64 leaves of a lab rather than one per leaf.
 */
export function serialSource(crypto: Crypto): () => string {
	const pool = new Uint8Array(SERIAL_OCTETS * 64);
	let at = pool.length;
	return () => {
		if (at === pool.length) {
			crypto.getRandomValues(pool);
			at = 0;
		}
		const serial = serialHex(pool, at);
		at += SERIAL_OCTETS;
		return serial;
	};
}

const SERIAL_OCTETS = 16;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function serialHex(random: Uint8Array, at: number): string {
	let hex = HEX[(random[at]! & 0x7f) | 0x01]!;
	for (let i = 1; i < SERIAL_OCTETS; i++) hex += HEX[random[at + i]!]!;
	return hex;
}
