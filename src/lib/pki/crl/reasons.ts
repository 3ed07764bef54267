/**
 * The CRLReason codes a CA of this app records (RFC 5280 §5.3.1). Code 7 is not used, 8 (removeFromCRL)
 * belongs to delta CRLs and 6 (certificateHold) to temporary holds; revocation here is final, so
 * neither is offered. aACompromise (10) concerns attribute certificates, which the app does not issue.
 */
export const CRL_REASON_CODES = {
	unspecified: 0,
	keyCompromise: 1,
	cACompromise: 2,
	affiliationChanged: 3,
	superseded: 4,
	cessationOfOperation: 5,
	privilegeWithdrawn: 9
} as const;

export type CrlReasonName = keyof typeof CRL_REASON_CODES;

export const CRL_REASON_NAMES = Object.keys(CRL_REASON_CODES) as CrlReasonName[];

/** Plain words for each reason, as the revoke dialog and the dashboard show them. */
export const CRL_REASON_LABELS: Record<CrlReasonName, string> = {
	unspecified: 'Unspecified',
	keyCompromise: 'Key compromise (the private key leaked or may have)',
	cACompromise: 'CA compromise',
	affiliationChanged: 'Affiliation changed (name or owner changed)',
	superseded: 'Superseded (replaced by a new certificate)',
	cessationOfOperation: 'Cessation of operation (no longer used)',
	privilegeWithdrawn: 'Privilege withdrawn'
};

/** The short form of a reason, as OpenSSL prints it in `openssl crl -text` (crypto/x509/v3_enum.c). */
export const CRL_REASON_SHORT: Record<CrlReasonName, string> = {
	unspecified: 'Unspecified',
	keyCompromise: 'Key Compromise',
	cACompromise: 'CA Compromise',
	affiliationChanged: 'Affiliation Changed',
	superseded: 'Superseded',
	cessationOfOperation: 'Cessation Of Operation',
	privilegeWithdrawn: 'Privilege Withdrawn'
};
