import { children, readTlv, type Tlv } from '../der/reader';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';

/**
 * Small DER helpers for sniffing formats and reading the few fields the parsers need. The shared
 * reader (../der/reader) throws plain Errors, which is right for our own encodings; here the bytes
 * are user input, so a bad encoding becomes a PkiError.
 */

export const asBytes = (u: Uint8Array): Bytes =>
	u.buffer instanceof ArrayBuffer && u.byteOffset === 0 && u.byteLength === u.buffer.byteLength
		? (u as Bytes)
		: new Uint8Array(u);

/** Reads the outer TLV, saying "cut short" when the declared length runs past the data (a truncated download). */
export function outerTlv(der: Bytes, what: string): Tlv {
	try {
		return readTlv(der, 0);
	} catch (e) {
		const cut = /truncated|past the end/.test(String(e));
		throw new PkiError(
			'input-malformed',
			cut
				? `${what} is cut short: it declares more bytes than it holds. Copy or download the file again.`
				: `${what} is not valid DER (${(e as Error).message}). Check that it is the whole, unmodified file.`
		);
	}
}

/** The children of a TLV, or undefined when they do not parse (a wrong guess, not an error). */
export function tryChildren(der: Bytes, t: Tlv): Tlv[] | undefined {
	try {
		return children(der, t);
	} catch {
		return undefined;
	}
}

export const contents = (der: Bytes, t: Tlv): Bytes => der.subarray(t.contentStart, t.end);

/** OBJECT IDENTIFIER contents to dotted form (X.690 §8.19). */
export function oidText(body: Uint8Array): string {
	const arcs: number[] = [];
	let value = 0;
	for (const b of body) {
		value = value * 128 + (b & 0x7f);
		if (!(b & 0x80)) {
			arcs.push(value);
			value = 0;
		}
	}
	const first = arcs.shift() ?? 0;
	const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
	return [...head, ...arcs].join('.');
}

/** The OID of an AlgorithmIdentifier TLV and its parameters TLV, if any (RFC 5280 §4.1.1.2). */
export function algorithmIdentifier(der: Bytes, t: Tlv): { oid: string; params?: Tlv } | undefined {
	const parts = tryChildren(der, t);
	const [id, params] = parts ?? [];
	if (t.tag !== 0x30 || !id || id.tag !== 0x06) return undefined;
	return params ? { oid: oidText(contents(der, id)), params } : { oid: oidText(contents(der, id)) };
}

/** Unsigned magnitude of an INTEGER without its sign octet. */
export function integerMagnitude(der: Bytes, t: Tlv): Bytes {
	let body = contents(der, t);
	while (body.length > 1 && body[0] === 0) body = body.subarray(1);
	return body;
}

export function bitLength(magnitude: Uint8Array): number {
	const top = magnitude[0] ?? 0;
	return top === 0 ? 0 : (magnitude.length - 1) * 8 + (32 - Math.clz32(top));
}

export function colonHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
