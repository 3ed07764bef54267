import type { KeyAlgorithm } from '../algorithms';
import { KEY_ALGORITHM_LABELS, isKeyAlgorithm } from '../algorithms';
import { PkiError } from '../errors';
import { spkiInfo } from '../parse/key-info';
import { x509 } from '../x509';

/** A certificate's CN for messages and as the default CA name; its whole subject when it has none. */
export function commonName(cert: x509.X509Certificate): string {
	return cert.subjectName.getField('CN')[0] ?? cert.subject;
}

/**
 * The app's algorithm for a certificate's key, read from its SubjectPublicKeyInfo (RFC 5280
 * §4.1.2.7): the signing code (algorithms.ts) knows P-256, P-384, RSA 2048/3072/4096 and Ed25519
 * and nothing else, so any other key is refused here rather than failing at the first issuance.
 */
export function importedKeyAlgorithm(cert: x509.X509Certificate, field: string): KeyAlgorithm {
	const info = spkiInfo(new Uint8Array(cert.publicKey.rawData));
	const candidate = info.type === 'EC' ? info.curve : info.type === 'RSA' ? `RSA-${info.bits}` : info.type;
	if (candidate && isKeyAlgorithm(candidate)) return candidate;
	throw unsupportedKey(commonName(cert), info.label, field);
}

export function unsupportedKey(what: string, keyLabel: string, field: string): PkiError {
	const offered = Object.values(KEY_ALGORITHM_LABELS).join(', ');
	return new PkiError(
		'algorithm-unsupported',
		`${what} has a ${keyLabel} key, which this app cannot sign with: it signs with ` +
			`${offered}. Re-create the CA with one of these, or keep using the tool that made it.`,
		field
	);
}

/**
 * What makes a certificate a CA that verifiers accept as an issuer: basicConstraints cA TRUE
 * (RFC 5280 §4.2.1.9; OpenSSL and Go refuse a chain through anything else) and, when keyUsage is
 * present, keyCertSign (§4.2.1.3). The app also needs the subjectKeyIdentifier, which §4.2.1.2
 * requires of every CA certificate: what it issues carries it as authorityKeyIdentifier (issue/issuer.ts).
 */
export function assertUsableCa(cert: x509.X509Certificate, field: string): void {
	const name = commonName(cert);
	const bc = cert.getExtension(x509.BasicConstraintsExtension);
	if (!bc?.ca) {
		throw new PkiError(
			'import-not-ca',
			`${name} is not a CA certificate: it lacks basicConstraints CA:TRUE (RFC 5280 ` +
				"§4.2.1.9), so verifiers would refuse everything it signs. Choose the CA's own " +
				'certificate (ca.crt, ca.pem), not a node or client certificate.',
			field
		);
	}
	const ku = cert.getExtension(x509.KeyUsagesExtension);
	if (ku && (ku.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
		throw new PkiError(
			'import-not-ca',
			`${name} has a keyUsage without keyCertSign (RFC 5280 §4.2.1.3): it may not sign ` +
				'certificates, and verifiers would refuse what it issues. Re-issue the CA ' +
				'certificate with keyUsage keyCertSign, cRLSign.',
			field
		);
	}
	if (!cert.getExtension(x509.SubjectKeyIdentifierExtension)) {
		throw new PkiError(
			'import-not-ca',
			`${name} has no subjectKeyIdentifier, which RFC 5280 §4.2.1.2 requires of every CA ` +
				'certificate and which the certificates it issues point to. Re-issue it with ' +
				'subjectKeyIdentifier=hash (OpenSSL adds it by default).',
			field
		);
	}
}

/**
 * A CA outside its validity period signs nothing a verifier accepts (RFC 5280 §6.1.3 (a)(2) checks
 * every certificate of the path). Importing one still has a use, renewing it with the same key, so it
 * is not refused outright: the user must confirm, and the message says what they are confirming.
 */
export function assertCurrent(certs: readonly x509.X509Certificate[], now: Date, accepted: boolean): boolean {
	const stale = certs.find((c) => now > c.notAfter || now < c.notBefore);
	if (!stale) return false;
	if (accepted) return true;
	const day = (d: Date) => d.toISOString().slice(0, 10);
	const state =
		now > stale.notAfter ? `expired on ${day(stale.notAfter)}` : `is not valid before ${day(stale.notBefore)}`;
	throw new PkiError(
		'ca-expired',
		`${commonName(stale)} ${state}: nothing this CA signs will verify until it is renewed. ` +
			'Tick "Import it anyway" to keep it (for example to renew it with the same key), or ' +
			'choose a current certificate.',
		'acceptExpired'
	);
}
