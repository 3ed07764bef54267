/**
 * A small DER writer (ITU-T X.690 §8 and §10) for the few types a certificate needs. Every function
 * returns the complete encoding (identifier, length, contents), so callers compose structures by
 * nesting calls and can pre-encode whatever is constant across a batch. Results may be shared
 * (oid and time are cached): treat them as read-only.
 *
 * It encodes only what it is given: it does not sort SET OF members (X.690 §11.6), so a caller
 * passing several members must pass them in DER order itself.
 */

/** Bytes backed by a plain ArrayBuffer, which is what WebCrypto accepts (BufferSource). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Universal tags (X.690 §8.1.2, X.680 §8.4) and the constructed bit. */
export const TAG = {
	BOOLEAN: 0x01,
	INTEGER: 0x02,
	BIT_STRING: 0x03,
	OCTET_STRING: 0x04,
	NULL: 0x05,
	OID: 0x06,
	UTF8String: 0x0c,
	PrintableString: 0x13,
	IA5String: 0x16,
	BMPString: 0x1e,
	UTCTime: 0x17,
	GeneralizedTime: 0x18,
	SEQUENCE: 0x30,
	SET: 0x31
} as const;

/** Context-specific tag number n (X.690 §8.1.2.2, class bits 10); constructed adds bit 6. */
export function contextTag(n: number, constructed: boolean): number {
	if (n < 0 || n > 30)
		throw new RangeError(`Context tag ${n} needs the high-tag-number form, which this writer does not emit`);
	return 0x80 | (constructed ? 0x20 : 0) | n;
}

/** How many octets the length field takes: short form below 128, else 1 + the minimum octets (X.690 §10.1). */
function lengthSize(length: number): number {
	if (length < 0x80) return 1;
	let octets = 0;
	for (let n = length; n > 0; n = Math.floor(n / 256)) octets++;
	return 1 + octets;
}

/** Concatenates byte arrays into one allocation. */
export function concat(parts: readonly Uint8Array[]): Bytes {
	let total = 0;
	for (const p of parts) total += p.length;
	const out = new Uint8Array(total);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/**
 * One TLV whose contents are the given parts in order; single-octet tags only. The identifier and
 * length are written in place and the parts copied once: bulk issuance calls this a few dozen
 * times per certificate, so it allocates nothing but the result.
 */
function build(tag: number, contents: readonly Uint8Array[]): Bytes {
	let length = 0;
	for (let i = 0; i < contents.length; i++) length += contents[i]!.length;
	const head = lengthSize(length);
	const out = new Uint8Array(1 + head + length);
	out[0] = tag;
	if (head === 1) out[1] = length;
	else {
		out[1] = 0x80 | (head - 1);
		for (let i = head, n = length; i >= 2; i--, n = Math.floor(n / 256)) out[i] = n & 0xff;
	}
	let at = 1 + head;
	for (let i = 0; i < contents.length; i++) {
		const c = contents[i]!;
		if (c.length < 32) for (let j = 0; j < c.length; j++) out[at + j] = c[j]!;
		else out.set(c, at);
		at += c.length;
	}
	return out;
}

export function tlv(tag: number, ...contents: Uint8Array[]): Bytes {
	return build(tag, contents);
}

export const sequence = (...items: Uint8Array[]): Bytes => build(TAG.SEQUENCE, items);
export const set = (...items: Uint8Array[]): Bytes => build(TAG.SET, items);
export const octetString = (bytes: Uint8Array): Bytes => build(TAG.OCTET_STRING, [bytes]);
export const derNull = (): Bytes => new Uint8Array([TAG.NULL, 0]);

/** BOOLEAN: DER writes TRUE as 0xFF (X.690 §11.1). */
export function boolean(value: boolean): Bytes {
	return new Uint8Array([TAG.BOOLEAN, 1, value ? 0xff : 0]);
}

/** [n] EXPLICIT: a constructed context tag wrapping complete encodings (X.690 §8.14.3). */
export function explicit(n: number, ...inner: Uint8Array[]): Bytes {
	return tlv(contextTag(n, true), ...inner);
}

/** [n] IMPLICIT for a primitive type: the contents of the underlying type under a context tag (X.690 §8.14.4). */
export function implicitPrimitive(n: number, contents: Uint8Array): Bytes {
	return tlv(contextTag(n, false), contents);
}

/**
 * INTEGER from big-endian unsigned magnitude bytes: leading zero octets dropped, one 0x00 added when
 * the top bit is set so the value stays non-negative, because two's complement (X.690 §8.3.2–8.3.3)
 * needs the minimum octets.
 */
export function unsignedInteger(magnitude: Uint8Array): Bytes {
	let start = 0;
	while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
	const body = magnitude.subarray(start);
	if (body.length === 0) return new Uint8Array([TAG.INTEGER, 1, 0]);
	return (body[0] ?? 0) & 0x80 ? tlv(TAG.INTEGER, new Uint8Array([0]), body) : tlv(TAG.INTEGER, body);
}

/** INTEGER from a small non-negative JavaScript number. */
export function smallInteger(value: number): Bytes {
	if (!Number.isSafeInteger(value) || value < 0)
		throw new RangeError(`smallInteger takes a non-negative safe integer, not ${value}`);
	const bytes: number[] = [];
	for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
	return unsignedInteger(Uint8Array.from(bytes.length ? bytes : [0]));
}

/** Lower- or upper-case hex (an even number of digits) to bytes. */
export function hexToBytes(hex: string): Bytes {
	if (hex.length % 2 !== 0) throw new Error(`Not an even-length hex string: ${hex}`);
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) {
		const hi = hexDigit(hex.charCodeAt(2 * i));
		const lo = hexDigit(hex.charCodeAt(2 * i + 1));
		if (hi < 0 || lo < 0) throw new Error(`Not a hex string: ${hex}`);
		out[i] = (hi << 4) | lo;
	}
	return out;
}

function hexDigit(c: number): number {
	if (c >= 48 && c <= 57) return c - 48; // 0-9
	if (c >= 97 && c <= 102) return c - 87; // a-f
	if (c >= 65 && c <= 70) return c - 55; // A-F
	return -1;
}

export function bytesToHex(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
	return s;
}

/**
 * OBJECT IDENTIFIER from dotted form (X.690 §8.19): the first two arcs share one subidentifier
 * (40·a + b) and each subidentifier is base-128, high bit set on all but its last octet.
 */
const oidCache = new Map<string, Bytes>();

export function oid(dotted: string): Bytes {
	// Certificates repeat a few dozen OIDs; each is encoded once.
	let encoded = oidCache.get(dotted);
	if (!encoded) {
		encoded = encodeOid(dotted);
		if (oidCache.size < 1024) oidCache.set(dotted, encoded);
	}
	return encoded;
}

function encodeOid(dotted: string): Bytes {
	const arcs = dotted.split('.').map((a) => {
		if (!/^(0|[1-9][0-9]*)$/.test(a)) throw new Error(`Bad OID arc "${a}" in ${dotted}`);
		return Number(a);
	});
	const [a, b, ...rest] = arcs;
	if (a === undefined || b === undefined || a > 2 || (a < 2 && b > 39)) throw new Error(`Bad OID ${dotted}`);
	const body: number[] = [];
	for (const arc of [40 * a + b, ...rest]) {
		if (!Number.isSafeInteger(arc)) throw new Error(`OID arc too large in ${dotted}`);
		const group: number[] = [arc & 0x7f];
		for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) group.unshift(0x80 | (n & 0x7f));
		body.push(...group);
	}
	return tlv(TAG.OID, Uint8Array.from(body));
}

/** BIT STRING holding whole octets (unused bits 0), e.g. a public key or a signature (X.690 §8.6). */
export function bitStringOctets(bytes: Uint8Array): Bytes {
	return tlv(TAG.BIT_STRING, new Uint8Array([0]), bytes);
}

/**
 * A named-bit BIT STRING (e.g. KeyUsage) from bit numbers, bit 0 being the most significant bit of
 * the first octet. DER drops trailing zero bits and states how many bits of the last octet are
 * unused (X.690 §11.2.2); no bits set encodes as an empty string.
 */
export function namedBits(bits: readonly number[]): Bytes {
	if (bits.length === 0) return new Uint8Array([TAG.BIT_STRING, 1, 0]);
	const highest = Math.max(...bits);
	const octets = new Uint8Array(Math.floor(highest / 8) + 1);
	for (const bit of bits) octets[bit >> 3] = (octets[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
	const unused = 7 - (highest & 7);
	return tlv(TAG.BIT_STRING, new Uint8Array([unused]), octets);
}

const utf8 = new TextEncoder();

/** The octets of 7-bit ASCII text, refusing anything else (IA5String, X.680 §41.4; an IDN must already be an A-label). */
export function asciiOctets(text: string): Bytes {
	// A loop, not TextEncoder: for short strings the native call costs more than the copy.
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c > 0x7f) throw new Error(`Only ASCII fits this string type: ${JSON.stringify(text)}`);
		out[i] = c;
	}
	return out;
}

/** A string type whose contents are the text's octets: UTF8String is UTF-8; the others are ASCII subsets. */
export function string(tag: (typeof TAG)['UTF8String' | 'PrintableString' | 'IA5String'], text: string): Bytes {
	if (tag === TAG.UTF8String) return build(tag, [isAscii(text) ? asciiOctets(text) : utf8.encode(text)]);
	return build(tag, [asciiOctets(text)]);
}

/**
 * UTF-16 big-endian code units (X.680 §41: BMPString; RFC 7292 Appendix B.1 passwords), surrogate
 * pairs kept as two units as Java's char[] holds them.
 */
export function utf16beOctets(text: string): Bytes {
	const out = new Uint8Array(text.length * 2);
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		out[2 * i] = unit >> 8;
		out[2 * i + 1] = unit & 0xff;
	}
	return out;
}

/** BMPString (universal tag 30), the type PKCS #9 friendlyName uses. */
export const bmpString = (text: string): Bytes => build(TAG.BMPString, [utf16beOctets(text)]);

function isAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
	return true;
}

/** PrintableString's repertoire (X.680 §41.4, Table 10). */
export function isPrintable(text: string): boolean {
	return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
}

const two = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * Certificate validity Time (RFC 5280 §4.1.2.5): UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime
 * YYYYMMDDHHMMSSZ from 2050; always UTC with seconds and no fraction (§4.1.2.5.1, §4.1.2.5.2). A date
 * with milliseconds is refused rather than truncated, so callers decide the rounding.
 */
export function time(date: Date): Bytes {
	const ms = date.getTime();
	const cached = timeCache.get(ms);
	if (cached) return cached;
	if (!Number.isFinite(ms)) throw new RangeError('Invalid date');
	if (ms % 1000 !== 0) throw new RangeError(`Certificate times are whole seconds: ${date.toISOString()}`);
	const year = date.getUTCFullYear();
	if (year < 1950 || year > 9999) throw new RangeError(`Year ${year} cannot be encoded in a certificate`);
	const rest = timeDigits(date);
	const encoded =
		year < 2050
			? build(TAG.UTCTime, [asciiOctets(two(year % 100) + rest)])
			: build(TAG.GeneralizedTime, [asciiOctets(String(year) + rest)]);
	// A batch shares one validity, so its two times are encoded once.
	if (timeCache.size >= 64) timeCache.clear();
	timeCache.set(ms, encoded);
	return encoded;
}

const timeCache = new Map<number, Bytes>();

/** MMDDHHMMSSZ of a UTC time, the part UTCTime and GeneralizedTime share after the year (X.680 §46-47). */
export function timeDigits(date: Date): string {
	return (
		two(date.getUTCMonth() + 1) +
		two(date.getUTCDate()) +
		two(date.getUTCHours()) +
		two(date.getUTCMinutes()) +
		two(date.getUTCSeconds()) +
		'Z'
	);
}
