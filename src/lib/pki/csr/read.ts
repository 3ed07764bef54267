import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { decodeBase64, latin1, looksLikeBareBase64, looksLikePem, pemBlocks } from '../parse/pem-blocks';
import { x509 } from '../x509';

/** Pasted text or an uploaded file is refused above this size: a CSR or a chain is a few kilobytes. */
export const MAX_INPUT_BYTES = 256 * 1024;

/**
 * The DER blocks of pasted or uploaded input: every PEM block with one of `labels`, or the bytes
 * themselves when they are DER, or bare base64 (a block copied without its BEGIN/END lines).
 */
export function derBlocks(input: Bytes, labels: readonly string[], what: string, field: string): Bytes[] {
	if (input.length === 0) throw new PkiError('input-empty', `Paste or choose ${what}.`, field);
	if (input.length > MAX_INPUT_BYTES)
		throw new PkiError(
			'input-too-large',
			`That is ${Math.round(input.length / 1024)} KB; ${what} is only a few KB. Choose the right file.`,
			field
		);
	if (looksLikePem(input)) {
		const blocks = pemBlocks(latin1(input)).filter((b) => labels.includes(b.label));
		if (blocks.length === 0)
			throw new PkiError(
				'input-unrecognized',
				`No ${labels[0]} block found: ${what} starts with "-----BEGIN ${labels[0]}-----".`,
				field
			);
		return blocks.map((b) => {
			if (b.der instanceof PkiError) throw new PkiError(b.der.code, b.der.message, field);
			return b.der;
		});
	}
	if (looksLikeBareBase64(input)) {
		const der = decodeBase64(latin1(input), what);
		if (der instanceof PkiError) throw new PkiError(der.code, der.message, field);
		return [der];
	}
	// DER: a SEQUENCE (0x30); anything else is not what was asked for.
	if (input[0] !== 0x30)
		throw new PkiError('input-unrecognized', `This is neither PEM nor DER; ${what} is expected.`, field);
	return [input];
}

/** Parses with a library that throws on bad DER; the throw becomes a plain message for the user. */
function strictly<T>(what: string, field: string, parse: () => T): T {
	try {
		return parse();
	} catch {
		throw new PkiError(
			'input-malformed',
			`${what} could not be read: it is cut short or damaged. Copy or export it again, from BEGIN to END.`,
			field
		);
	}
}

/** One PKCS#10 request (RFC 2986), PEM ("CERTIFICATE REQUEST", or OpenSSL's old "NEW CERTIFICATE REQUEST") or DER. */
export function readCsr(input: Bytes, field = 'csr'): x509.Pkcs10CertificateRequest {
	const blocks = derBlocks(
		input,
		['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'],
		'a certificate signing request (CSR)',
		field
	);
	if (blocks.length > 1)
		throw new PkiError('csr-several', `This holds ${blocks.length} CSRs; sign them one at a time.`, field);
	const csr = strictly('The CSR', field, () => new x509.Pkcs10CertificateRequest(blocks[0] as Bytes));
	// The library parses lazily in places; reading the parts now turns damage into the message above.
	strictly('The CSR', field, () => [csr.subject, csr.publicKey.rawData, csr.extensions, csr.signature]);
	return csr;
}

/** Every certificate in the input, in the order given. */
export function readCertificates(input: Bytes, field: string): x509.X509Certificate[] {
	return derBlocks(input, ['CERTIFICATE', 'TRUSTED CERTIFICATE'], 'a certificate', field).map((der) => {
		const cert = strictly('The certificate', field, () => new x509.X509Certificate(der));
		strictly('The certificate', field, () => [
			cert.subject,
			cert.issuer,
			cert.publicKey.rawData,
			cert.extensions,
			cert.notAfter
		]);
		return cert;
	});
}
