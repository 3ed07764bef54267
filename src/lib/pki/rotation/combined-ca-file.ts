import { pemCertificates } from '../der/pem';

/**
 * The ca.crt of a CockroachDB-style rotation: the new CA's certificate first, then the CAs it
 * replaces that are still trusted. `cockroach cert create-ca --overwrite` prepends the new CA to the
 * existing ca.crt the same way (pkg/cli/cert.go: "the new CA certificate is prepended to it"), so
 * nodes trust both while their certificates are replaced one by one.
 */
export function combinedCaFile(certificatesDer: readonly Uint8Array[]): string {
	return pemCertificates(certificatesDer);
}
