import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';

/**
 * PEM text (RFC 7468): any number of "-----BEGIN label-----" blocks with text between them (OpenSSL
 * writes "Bag Attributes" and `openssl x509 -text` output there), plus RFC 1421 headers such as
 * "Proc-Type: 4,ENCRYPTED" that OpenSSL's legacy key encryption writes.
 */

export interface PemBlock {
	label: string;
	/** The DER, or the error that stopped decoding this block. */
	der: Bytes | PkiError;
	headers: Record<string, string>;
}

const BLOCK = /-----BEGIN ([A-Z0-9 #-]+)-----([\s\S]*?)-----END \1-----/g;

/** True when the bytes decode as text containing a PEM header; avoids decoding large binaries. */
export function looksLikePem(bytes: Uint8Array): boolean {
	return bytes.length >= 11 && latin1(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).includes('-----BEGIN ');
}

export function latin1(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x2000) s += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
	return s;
}

export function pemBlocks(text: string): PemBlock[] {
	const out: PemBlock[] = [];
	for (const m of text.matchAll(BLOCK)) {
		const label = m[1] ?? '';
		const headers: Record<string, string> = {};
		const body: string[] = [];
		for (const line of (m[2] ?? '').split(/\r?\n/)) {
			const h = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
			if (h && body.length === 0) headers[h[1] ?? ''] = h[2] ?? '';
			else if (line.trim() || body.length > 0) body.push(line.trim());
		}
		out.push({ label, headers, der: decodeBase64(body.join(''), `the ${label} block`) });
	}
	return out;
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

/** Text that is only base64 (a pasted certificate without its BEGIN/END lines). */
export function looksLikeBareBase64(bytes: Uint8Array): boolean {
	if (bytes.length < 16 || bytes.length > 1024 * 1024) return false;
	return /^[\sA-Za-z0-9+/]+={0,2}\s*$/.test(latin1(bytes)) && latin1(bytes).trim().startsWith('MI');
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
