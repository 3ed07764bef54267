import { x509 } from './x509';

/** The trust domain a CA certificate signs for: the host of its spiffe:// URI SAN with no path. */
export function caTrustDomain(certificate: x509.X509Certificate): string | undefined {
	const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
	for (const name of san?.names.items ?? []) {
		if (name.type !== 'url') continue;
		const match = /^spiffe:\/\/([^/]+)\/?$/i.exec(name.value);
		if (match) return match[1]!.toLowerCase();
	}
	return undefined;
}
