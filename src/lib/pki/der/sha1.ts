/**
 * SHA-1 (FIPS 180-4 §6.1), synchronous, for key identifiers only: RFC 5280 §4.2.1.2 method (1)
 * defines the subjectKeyIdentifier as the SHA-1 of the subjectPublicKey bits, and @peculiar/x509,
 * OpenSSL and Go all compute it that way. It is not used for signatures or anything an attacker
 * could exploit a collision in. Hashing 65–300 bytes here takes microseconds, where a WebCrypto
 * digest is an asynchronous round trip per certificate in bulk issuance.
 */
const W = new Int32Array(80);

export function sha1(data: Uint8Array): Uint8Array<ArrayBuffer> {
	// Padding (§5.1.1): 0x80, zeros, then the bit length as a 64-bit big-endian integer.
	const blocks = Math.ceil((data.length + 9) / 64);
	const padded = new Uint8Array(blocks * 64);
	padded.set(data);
	padded[data.length] = 0x80;
	const bits = data.length * 8;
	const view = new DataView(padded.buffer);
	view.setUint32(padded.length - 8, Math.floor(bits / 0x100000000));
	view.setUint32(padded.length - 4, bits >>> 0);

	let h0 = 0x67452301;
	let h1 = 0xefcdab89 | 0;
	let h2 = 0x98badcfe | 0;
	let h3 = 0x10325476;
	let h4 = 0xc3d2e1f0 | 0;
	for (let block = 0; block < blocks; block++) {
		for (let t = 0; t < 16; t++) W[t] = view.getInt32(block * 64 + t * 4);
		for (let t = 16; t < 80; t++) {
			const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
			W[t] = (x << 1) | (x >>> 31);
		}
		let a = h0;
		let b = h1;
		let c = h2;
		let d = h3;
		let e = h4;
		for (let t = 0; t < 80; t++) {
			let f: number;
			let k: number;
			if (t < 20) {
				f = (b & c) | (~b & d);
				k = 0x5a827999;
			} else if (t < 40) {
				f = b ^ c ^ d;
				k = 0x6ed9eba1;
			} else if (t < 60) {
				f = (b & c) | (b & d) | (c & d);
				k = 0x8f1bbcdc | 0;
			} else {
				f = b ^ c ^ d;
				k = 0xca62c1d6 | 0;
			}
			const temp = (((a << 5) | (a >>> 27)) + f + e + k + W[t]!) | 0;
			e = d;
			d = c;
			c = (b << 30) | (b >>> 2);
			b = a;
			a = temp;
		}
		h0 = (h0 + a) | 0;
		h1 = (h1 + b) | 0;
		h2 = (h2 + c) | 0;
		h3 = (h3 + d) | 0;
		h4 = (h4 + e) | 0;
	}
	const out = new Uint8Array(20);
	const o = new DataView(out.buffer);
	o.setInt32(0, h0);
	o.setInt32(4, h1);
	o.setInt32(8, h2);
	o.setInt32(12, h3);
	o.setInt32(16, h4);
	return out;
}
