import type { CertificateView } from '../parse/describe-cert';
import type { x509 } from '../x509';

/** The intended use of the leaf: a TLS server, a TLS client, or no purpose check (openssl verify's default). */
export type Purpose = 'serverAuth' | 'clientAuth' | 'any';

/** A certificate with the name messages should call it by (a file name such as "node.crt"); default: its CN. */
export interface NamedCert {
	cert: x509.X509Certificate;
	name?: string;
}
export type CertInput = x509.X509Certificate | NamedCert;

export interface VerifyRequest {
	leaf: CertInput;
	/** Untrusted certificates that may complete the chain (openssl -untrusted). */
	intermediates?: readonly CertInput[];
	/** Trust anchors (openssl -CAfile). */
	roots: readonly CertInput[];
	purpose?: Purpose;
	/** The DNS name or IP address the client dials (RFC 6125); only checked when given. */
	host?: string;
	/** The time to verify at; default deps.now(). */
	at?: Date;
	/** CRLs to check revocation with (openssl -CRLfile). */
	crls?: readonly x509.X509Crl[];
	/**
	 * 'leaf' = openssl -crl_check, 'chain' = -crl_check_all; 'covered' = every certificate of the path that a
	 * given CRL's issuer covers, the others unchecked (what an inspector can say from the CRLs it was given).
	 * Default 'leaf' when crls are given, else 'none'.
	 */
	revocation?: 'none' | 'leaf' | 'chain' | 'covered';
	/** Also apply RFC 5280's profile rules that openssl -x509_strict enforces (critical CA basicConstraints, CA keyUsage, AKI/SKI). */
	strict?: boolean;
	/** Accept a chain ending at any trusted certificate, not only a self-signed one (openssl -partial_chain; Go's default). */
	allowPartialChain?: boolean;
}

export type VerifyCheck =
	| 'chain'
	| 'trust'
	| 'signature'
	| 'validity'
	| 'basicConstraints'
	| 'pathLen'
	| 'keyUsage'
	| 'extKeyUsage'
	| 'host'
	| 'nameConstraints'
	| 'revocation'
	| 'strict';

export type VerifyErrorCode =
	| 'issuer-not-found'
	| 'untrusted-root'
	| 'signature-invalid'
	| 'expired'
	| 'not-yet-valid'
	| 'not-a-ca'
	| 'path-length-exceeded'
	| 'key-usage'
	| 'purpose'
	| 'host-mismatch'
	| 'name-constraint'
	| 'revoked'
	| 'crl-unavailable'
	| 'crl-invalid'
	| 'not-strict';

export interface VerifyStep {
	check: VerifyCheck;
	ok: boolean;
	/** A plain-language sentence, for passing steps too ("node.crt is valid until 2027-01-01 (365 days left)"). */
	reason: string;
	/** Index into chain: 0 = leaf. */
	certIndex?: number;
	code?: VerifyErrorCode;
}

export interface VerifyResult {
	ok: boolean;
	/** The path that was judged, leaf first, ending at the trust anchor when one was reached. */
	chain: CertificateView[];
	/** The name each chain entry is called by in the steps. */
	names: string[];
	steps: VerifyStep[];
	/** The first failing step. */
	error?: { code: VerifyErrorCode; message: string };
}

/** A certificate on a candidate path. */
export interface PathCert {
	cert: x509.X509Certificate;
	name: string;
	/** Given in roots (a trust anchor). */
	trusted: boolean;
	/** Issuer found by name only: its key identifier does not match the child's AKI. */
	akiMismatch?: boolean;
}
