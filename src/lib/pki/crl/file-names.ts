/**
 * The names a published CRL is downloaded under. RFC 5280 §4.2.1.13 says an HTTP distribution point
 * serves one DER-encoded CRL, so the DER file takes the last path segment of the CA's CRL URL, the
 * name the certificates already point at: the user uploads it as it is. Without a URL (or one ending
 * in "/"), it is named after the CA and the CRL number. The PEM copy, for tools such as
 * `openssl verify -CRLfile` or nginx's ssl_crl, always carries the CA and the number.
 */
export interface CrlFileNames {
	der: string;
	pem: string;
	/** The URL the DER file belongs at, when the CA has one. */
	publishAt?: string;
}

export function crlFileNames(caSlug: string, crlNumber: number, crlUrl?: string): CrlFileNames {
	const base = `${caSlug}-crl-${crlNumber}`;
	const fromUrl = crlUrl ? lastSegment(crlUrl) : '';
	return {
		der: fromUrl || `${base}.crl`,
		pem: `${base}.pem`,
		...(crlUrl ? { publishAt: crlUrl } : {})
	};
}

/** The decoded last path segment of a URL, '' when there is none or it is not a usable file name. */
export function lastSegment(url: string): string {
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return '';
	}
	const raw = path.slice(path.lastIndexOf('/') + 1);
	let name: string;
	try {
		name = decodeURIComponent(raw);
	} catch {
		name = raw;
	}
	return name === '.' || name === '..' || /[/\\\0]/.test(name) ? '' : name;
}
