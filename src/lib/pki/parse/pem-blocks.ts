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
 * Here every BEGIN and END line is found in one pass, then each BEGIN takes the first END of its
 * label after it, by a cursor that only moves forward.
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

interface Marker {
	/** Offset of the first dash of the line's opening "-----". */
	at: number;
	label: string;
	/** Offset just past the closing "-----". */
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

/** A label character as RFC 7468 §3 allows and this reader has always taken: A-Z, 0-9, space, "#", "-". */
function isLabelChar(code: number): boolean {
	return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 32 || code === 35 || code === 45;
}

/** Every "-----BEGIN label-----" (or END) in the text, in order; each is looked at for at most MAX_LABEL characters. */
function markers(text: string, word: 'BEGIN' | 'END'): Marker[] {
	const prefix = `${DASHES}${word} `;
	const out: Marker[] = [];
	for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
		const start = at + prefix.length;
		for (let i = start; i <= start + MAX_LABEL && i < text.length; i++) {
			if (i > start && text.startsWith(DASHES, i)) {
				out.push({ at, label: text.slice(start, i), after: i + DASHES.length });
				break;
			}
			if (!isLabelChar(text.charCodeAt(i))) break;
		}
	}
	return out;
}

/**
 * The blocks of the text, each BEGIN paired with the first END of the same label after it; a BEGIN
 * without one is skipped, and text between blocks is ignored. More than `maxBlocks` is refused.
 */
export function pemBlocks(text: string, what = 'The text', maxBlocks = MAX_PEM_BLOCKS): PemBlock[] {
	const ends = new Map<string, { list: Marker[]; next: number }>();
	for (const end of markers(text, 'END')) {
		const entry = ends.get(end.label);
		if (entry) entry.list.push(end);
		else ends.set(end.label, { list: [end], next: 0 });
	}
	const out: PemBlock[] = [];
	let from = 0;
	for (const begin of markers(text, 'BEGIN')) {
		if (begin.at < from) continue;
		const entry = ends.get(begin.label);
		if (!entry) continue;
		while (entry.next < entry.list.length && entry.list[entry.next]!.at < begin.after) entry.next++;
		const end = entry.list[entry.next];
		if (!end) continue;
		if (out.length === maxBlocks) {
			throw new PkiError(
				'input-too-large',
				`${what} holds more than ${maxBlocks} PEM blocks; no certificate bundle has that many. Split it, or pick the blocks you need.`
			);
		}
		out.push(block(begin.label, text.slice(begin.after, end.at)));
		from = end.after;
	}
	return out;
}

/** One block's body: RFC 1421 headers ("Name: value" lines before the base64), then the base64. */
function block(label: string, body: string): PemBlock {
	const headers: Record<string, string> = {};
	const base64: string[] = [];
	for (const raw of body.split('\n')) {
		const line = raw.trim();
		const colon = base64.length === 0 ? line.indexOf(':') : -1;
		if (colon > 0 && /^[A-Za-z-]+$/.test(line.slice(0, colon)))
			headers[line.slice(0, colon)] = line.slice(colon + 1).trim();
		else if (line || base64.length > 0) base64.push(line);
	}
	return { label, headers, der: decodeBase64(base64.join(''), `the ${label} block`) };
}

/** Base64 (RFC 4648 §4) to bytes, or a PkiError naming the block when it is not base64. */
export function decodeBase64(b64: string, what: string): Bytes | PkiError {
	const clean = b64.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
		return new PkiError(
			'input-malformed',
			`${capital(what)} is not valid base64: it was probably changed or cut while copying. Copy the whole block again, from BEGIN to END.`
		);
	}
	try {
		const binary = atob(clean);
		const out = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
		return out;
	} catch {
		return new PkiError(
			'input-malformed',
			`${capital(what)} is not valid base64. Copy the whole block again, from BEGIN to END.`
		);
	}
}

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
