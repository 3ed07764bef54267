import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';

/**
 * PEM text (RFC 7468): any number of "-----BEGIN label-----" blocks with text between them (OpenSSL
 * writes "Bag Attributes" and `openssl x509 -text` output there), plus RFC 1421 headers such as
 * "Proc-Type: 4,ENCRYPTED" that OpenSSL's legacy key encryption writes.
 *
 * The text is scanned in time linear in its length, whatever it holds: a regular expression that
 * pairs each BEGIN with its END (a lazy match with a back-reference) rescans the rest of the text
 * for every BEGIN without an END, so a few megabytes of "-----BEGIN X-----" lines took minutes.
 * Here the END lines are indexed by label in one pass, then each BEGIN takes the first END of its
 * label after it, by a cursor per label that only moves forward.
 */

export interface PemBlock {
	label: string;
	/** The DER, or the error that stopped decoding this block. */
	der: Bytes | PkiError;
	headers: Record<string, string>;
}

/** More blocks than any real bundle holds (a system's CA store has a few hundred). */
export const MAX_PEM_BLOCKS = 2000;
/** RFC 7468 labels are a few words ("ENCRYPTED PRIVATE KEY", "PKCS #7 SIGNED DATA"). */
const MAX_LABEL = 64;
const DASHES = '-----';
const BEGIN = '-----BEGIN ';
const END = '-----END ';

/** The label after "-----BEGIN " or "-----END " at `start`, and the offset past its closing "-----". */
interface Marker {
	label: string;
	after: number;
}

/** True when the bytes decode as text containing a PEM header; avoids decoding large binaries. */
export function looksLikePem(bytes: Uint8Array): boolean {
	return bytes.length >= 11 && latin1(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).includes('-----BEGIN ');
}

export function latin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
	return s;
}

/** RFC 7468 §3 label characters as this reader has always taken them: A-Z, 0-9, "#", and "-" or space between words. */
const isWordChar = (code: number) => (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 35;
const isLabelChar = (code: number) => isWordChar(code) || code === 32 || code === 45;

/**
 * The label that starts at `start` and ends at the next "-----". That search stops at the latest at
 * the next marker, so over all markers the text is read about twice.
 */
function markerAt(text: string, start: number): Marker | undefined {
	const close = text.indexOf(DASHES, start + 1);
	if (close < 0 || close - start > MAX_LABEL) return undefined;
	if (!isWordChar(text.charCodeAt(start)) || !isWordChar(text.charCodeAt(close - 1))) return undefined;
	for (let i = start + 1; i < close - 1; i++) if (!isLabelChar(text.charCodeAt(i))) return undefined;
	return { label: text.slice(start, close), after: close + DASHES.length };
}

/** Every END line, by label, each list in text order. */
function endLines(text: string): Map<string, { at: number[]; next: number }> {
	const ends = new Map<string, { at: number[]; next: number }>();
	for (let at = text.indexOf(END); at >= 0; at = text.indexOf(END, at + 1)) {
		const marker = markerAt(text, at + END.length);
		if (!marker) continue;
		const entry = ends.get(marker.label);
		if (entry) entry.at.push(at);
		else ends.set(marker.label, { at: [at], next: 0 });
	}
	return ends;
}

/**
 * The blocks of the text, each BEGIN paired with the first END of the same label after it; a BEGIN
 * without one is skipped, and text between blocks is ignored. More than `maxBlocks` is refused.
 */
export function pemBlocks(text: string, what = 'The text', maxBlocks = MAX_PEM_BLOCKS): PemBlock[] {
	const ends = endLines(text);
	const out: PemBlock[] = [];
	for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + 1)) {
		const begin = markerAt(text, at + BEGIN.length);
		const entry = begin && ends.get(begin.label);
		if (!begin || !entry) continue;
		// BEGINs only move forward, so each label's cursor does too.
		while (entry.next < entry.at.length && entry.at[entry.next]! < begin.after) entry.next++;
		const end = entry.at[entry.next];
		if (end === undefined) continue;
		if (out.length === maxBlocks) {
			throw new PkiError(
				'input-too-large',
				`${what} holds more than ${maxBlocks} PEM blocks; no certificate bundle has that many. Split it, or pick the blocks you need.`
			);
		}
		out.push(block(begin.label, text.slice(begin.after, end)));
		// The next block starts after this one's END line.
		at = end + END.length + begin.label.length;
	}
	return out;
}

/**
 * One block's body: RFC 1421 headers ("Name: value" lines, then a blank line) and the base64, whose
 * white space decodeBase64 drops, so only the header lines are looked at one by one.
 */
function block(label: string, body: string): PemBlock {
	const headers: Record<string, string> = {};
	let at = 0;
	while (at < body.length) {
		const newline = body.indexOf('\n', at);
		const next = newline < 0 ? body.length : newline + 1;
		const line = body.slice(at, next).trim();
		const colon = line.indexOf(':');
		if (colon > 0 && /^[A-Za-z-]+$/.test(line.slice(0, colon)))
			headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
		else if (line) break;
		at = next;
	}
	return { label, headers, der: decodeBase64(body.slice(at), `the ${label} block`) };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

/** The white space of a regular expression's \s (ECMA-262 WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
	if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
	if (c < 0xa0) return false;
	return (
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000 ||
		c === 0xfeff
	);
}

/**
 * Base64 (RFC 4648 §4) to bytes, white space ignored, or a PkiError naming the block when it is not
 * base64. One pass with no intermediate strings: a body of megabytes costs milliseconds. It takes
 * what atob's forgiving decoder takes (WHATWG HTML, "forgiving-base64 decode"): padding optional, but
 * when present it completes the last group of four.
 */
export function decodeBase64(b64: string, what: string): Bytes | PkiError {
	const out = new Uint8Array(Math.ceil((b64.length * 3) / 4));
	let length = 0;
	let sextets = 0;
	let padding = 0;
	let bits = 0;
	let buffer = 0;
	for (let i = 0; i < b64.length; i++) {
		const c = b64.charCodeAt(i);
		if (isSpace(c)) continue;
		if (c === 0x3d && ++padding <= 2) continue;
		const value = c < 128 && padding === 0 ? SEXTET[c]! : -1;
		if (value < 0) return notBase64(what);
		sextets++;
		buffer = ((buffer << 6) | value) & 0xffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[length++] = (buffer >> bits) & 0xff;
		}
	}
	if (sextets % 4 === 1 || (padding > 0 && (sextets + padding) % 4 !== 0)) return notBase64(what);
	return out.slice(0, length);
}

const notBase64 = (what: string) =>
	new PkiError(
		'input-malformed',
		`${capital(what)} is not valid base64: it was probably changed or cut while copying. Copy the whole block again, from BEGIN to END.`
	);

/**
 * Text that is only base64 (a pasted certificate without its BEGIN/END lines): base64 characters and
 * white space, at most two "=" at the end, starting with "MI" (a DER SEQUENCE with a long length).
 * One pass over the bytes; a regular expression with white space both inside and after its repeated
 * part backtracks quadratically on a megabyte of spaces.
 */
export function looksLikeBareBase64(bytes: Uint8Array): boolean {
	if (bytes.length < 16 || bytes.length > 1024 * 1024) return false;
	let first = -1;
	let padding = 0;
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i]!;
		if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) continue;
		if (b === 0x3d) {
			if (++padding > 2) return false;
			continue;
		}
		const base64 = (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b === 43 || b === 47;
		if (!base64 || padding > 0) return false;
		if (first < 0) first = i;
	}
	return first >= 0 && bytes[first] === 0x4d && bytes[first + 1] === 0x49;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
