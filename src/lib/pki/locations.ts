import { PkiError } from './errors';
import type { RevocationLocations } from './issue/prepare';

const FIELDS = {
	ocspUrl: 'OCSP responder',
	caIssuersUrl: 'CA issuers (where the CA certificate can be downloaded)',
	crlUrl: 'CRL distribution point'
} as const;

/**
 * Checks the URLs a CA writes into what it issues. They are IA5String URIs (RFC 5280 §4.2.1.13,
 * §4.2.2.1), so ASCII only, and absolute: a relying party (CockroachDB's OCSP client,
 * pkg/security/ocsp.go, or openssl -crl_download) fetches them as they are. Empty fields are left out.
 */
export function validateLocations(
	input: Readonly<Partial<Record<keyof RevocationLocations, string>>>
): RevocationLocations {
	const out: RevocationLocations = {};
	for (const field of Object.keys(FIELDS) as (keyof RevocationLocations)[]) {
		const value = input[field]?.trim() ?? '';
		if (value === '') continue;
		const problem = (why: string) => new PkiError('url-invalid', `The ${FIELDS[field]} URL ${why}.`, field);
		if (!/^[\x21-\x7e]+$/.test(value))
			throw problem('may contain only ASCII characters and no spaces; percent-encode the rest');
		let url: URL;
		try {
			url = new URL(value);
		} catch {
			throw problem(`"${value}" is not an absolute URL such as http://pki.example.internal/ca.crl`);
		}
		if (!['http:', 'https:', 'ldap:'].includes(url.protocol))
			throw problem(`must start with http://, https:// or ldap://, not ${url.protocol}//`);
		out[field] = value;
	}
	return out;
}
