import { pemCertificates } from '../pki/der/pem';
import type { IssuerChain } from '../pki/issue/chain';
import { MODE_PUBLIC, zipBundle } from './zip';

/** A file the CSR form offers, as text, and the zip of them all. */
export interface SignedFiles {
	files: { path: string; text: string }[];
	zip: Uint8Array<ArrayBuffer>;
}

/**
 * The files of a certificate signed from a CSR: `<name>.crt` the certificate alone,
 * `<name>-chain.crt` the certificate then what its issuer presents after it (pki/issue/chain.ts:
 * every intermediate up to, not including, the root, and a rotation's cross-signed root), the order
 * a TLS server sends (RFC 8446 §4.4.2: each certificate certifies the one before), and `ca.crt` the
 * CA file relying parties trust, which need not be sent. No key: the requester kept it.
 */
export function signedFiles(name: string, certificateDer: Uint8Array, chain: IssuerChain, now: Date): SignedFiles {
	const files = [
		{ path: `${name}.crt`, text: pemCertificates([certificateDer]) },
		{ path: `${name}-chain.crt`, text: pemCertificates([certificateDer, ...chain.presented]) },
		{ path: 'ca.crt', text: pemCertificates(chain.trusted) }
	];
	const zip = zipBundle(
		files.map((f) => ({ path: f.path, data: f.text, mode: MODE_PUBLIC })),
		now
	);
	return { files, zip };
}
