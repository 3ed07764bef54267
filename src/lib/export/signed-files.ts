import { pem } from '../pki/der/pem';
import { intermediatesOf, trustedOf, type BundleCa } from './bundle';
import { MODE_PUBLIC, zipBundle } from './zip';

/** A file the CSR form offers, as text, and the zip of them all. */
export interface SignedFiles {
	files: { path: string; text: string }[];
	zip: Uint8Array<ArrayBuffer>;
}

/**
 * The files of a certificate signed from a CSR: `<name>.crt` the certificate alone,
 * `<name>-chain.crt` the certificate then every intermediate up to (not including) the root, the
 * order a TLS server sends (RFC 8446 §4.4.2: each certificate certifies the one before), and
 * `ca.crt` the root, which relying parties trust and which need not be sent. No key: the requester
 * kept it. During a root rotation the intermediates end with the new root cross-signed by the old
 * one and `ca.crt` also holds the old root, as in a bundle.
 */
export function signedFiles(name: string, certificateDer: Uint8Array, issuer: BundleCa, now: Date): SignedFiles {
	const block = (der: Uint8Array) => pem(der, 'CERTIFICATE', true);
	const files = [
		{ path: `${name}.crt`, text: block(certificateDer) },
		{ path: `${name}-chain.crt`, text: [certificateDer, ...intermediatesOf(issuer)].map(block).join('') },
		{ path: 'ca.crt', text: trustedOf(issuer).map(block).join('') }
	];
	const zip = zipBundle(
		files.map((f) => ({ path: f.path, data: f.text, mode: MODE_PUBLIC })),
		now
	);
	return { files, zip: new Uint8Array(zip) };
}
