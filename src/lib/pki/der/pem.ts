/**
 * PEM text (RFC 7468 §2): "-----BEGIN label-----", base64 in lines of 64 characters, "-----END label-----",
 * lines joined with LF and no trailing newline — the same text @peculiar/x509's PemConverter writes,
 * so files do not change with the encoder. btoa over a binary string is native in browsers, workers
 * and Node ≥ 16.
 */
export function pem(der: Uint8Array, label: string): string {
	let binary = '';
	// Chunked so String.fromCharCode never receives more arguments than an engine allows.
	for (let i = 0; i < der.length; i += 0x2000) binary += String.fromCharCode(...der.subarray(i, i + 0x2000));
	const b64 = btoa(binary);
	let body = '';
	for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
	return `-----BEGIN ${label}-----\n${body}-----END ${label}-----`;
}
