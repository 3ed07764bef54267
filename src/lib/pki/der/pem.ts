/**
 * PEM (RFC 7468 §2): "-----BEGIN label-----", base64 in lines of 64 characters, "-----END label-----",
 * lines joined with LF and no trailing newline — the same text @peculiar/x509's PemConverter writes,
 * so files do not change with the encoder.
 *
 * pemBytes writes the ASCII octets directly, so a bundle can put them in a zip without a string
 * round trip (string building, then TextEncoder); pem is the same text as a string.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = 0x3d; // '='
const LF = 0x0a;

const boundaries = new Map<string, { begin: Uint8Array; end: Uint8Array }>();

/** The BEGIN and END lines of a label as octets, made once per label. */
function boundary(label: string): { begin: Uint8Array; end: Uint8Array } {
	let b = boundaries.get(label);
	if (!b) {
		const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
		b = { begin: ascii(`-----BEGIN ${label}-----\n`), end: ascii(`-----END ${label}-----`) };
		if (boundaries.size < 16) boundaries.set(label, b);
	}
	return b;
}

/**
 * finalNewline ends the text with LF, as POSIX text files and `cat a.pem b.pem` want; the default
 * (none) matches @peculiar/x509's output.
 */
export function pemBytes(der: Uint8Array, label: string, finalNewline = false): Uint8Array<ArrayBuffer> {
	const { begin, end } = boundary(label);
	const chars = Math.ceil(der.length / 3) * 4;
	const lines = Math.ceil(chars / 64);
	const out = new Uint8Array(begin.length + chars + lines + end.length + (finalNewline ? 1 : 0));
	out.set(begin, 0);
	const at = writeBase64(der, out, begin.length, 64);
	out.set(end, at);
	if (finalNewline) out[at + end.length] = LF;
	return out;
}

/**
 * Base64 (RFC 4648 §4, padded) of octets, as ASCII octets, in one line: what a Kubernetes Secret's
 * `data:` holds. The platform's encoders (btoa, Uint8Array.prototype.toBase64) give strings, which a
 * file of octets would then have to turn back character by character.
 */
export function base64Octets(data: Uint8Array): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(Math.ceil(data.length / 3) * 4);
	writeBase64(data, out, 0, 0);
	return out;
}

/**
 * Writes the base64 of `data` into `out` from `at`, with LF after every `lineLength` characters and
 * after a last partial line (no breaks for 0), and returns where it stopped.
 */
function writeBase64(data: Uint8Array, out: Uint8Array, at: number, lineLength: number): number {
	let column = 0;
	const put = (code: number) => {
		out[at++] = code;
		if (++column === lineLength) {
			out[at++] = LF;
			column = 0;
		}
	};
	let i = 0;
	for (; i + 2 < data.length; i += 3) {
		const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
		put(CODES[n >> 18]!);
		put(CODES[(n >> 12) & 63]!);
		put(CODES[(n >> 6) & 63]!);
		put(CODES[n & 63]!);
	}
	const rest = data.length - i;
	if (rest > 0) {
		const n = (data[i]! << 16) | (rest === 2 ? data[i + 1]! << 8 : 0);
		put(CODES[n >> 18]!);
		put(CODES[(n >> 12) & 63]!);
		put(rest === 2 ? CODES[(n >> 6) & 63]! : PAD);
		put(PAD);
	}
	if (column !== 0 && lineLength > 0) out[at++] = LF;
	return at;
}

const latin1 = new TextDecoder('latin1');

export function pem(der: Uint8Array, label: string, finalNewline = false): string {
	return latin1.decode(pemBytes(der, label, finalNewline));
}

/** Certificates as one PEM file in the order given, each block ending in LF: a chain file or a CA file. */
export function pemCertificates(certificatesDer: readonly Uint8Array[]): string {
	return certificatesDer.map((der) => pem(der, 'CERTIFICATE', true)).join('');
}
