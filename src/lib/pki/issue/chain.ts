/**
 * An issuer's certificates as the vault keeps them: its own, its parents' and, during a root
 * rotation, what peers must still trust (worker/protocol.ts UnlockedCa, export/bundle.ts BundleCa).
 */
export interface IssuerCertificates {
	certificateDer: Uint8Array;
	/** When the issuer is an intermediate: its parents' certificates, nearest first, ending with the root. */
	chainDer?: readonly Uint8Array[];
	/**
	 * Root rotation: the CAs this one replaces that peers must still trust, written after the root
	 * in the CA file, as `cockroach cert create-ca --overwrite` prepends the new CA to ca.crt
	 * (pkg/cli/cert.go).
	 */
	alsoTrustedDer?: readonly Uint8Array[];
	/**
	 * Consul-style rotation: the root cross-signed by the root it replaces, sent after each leaf so a
	 * peer that trusts only the old root still finds a path (agent/connect/ca/provider_consul.go CrossSignCA).
	 */
	crossSignedDer?: Uint8Array;
}

/** What goes with a certificate the issuer signs. */
export interface IssuerChain {
	/**
	 * Sent after the leaf, each certifying the one before (RFC 8446 §4.4.2): the issuer and its
	 * parents up to, not including, the root, then the cross-signed root when there is one.
	 */
	presented: Uint8Array[];
	/** The CA file relying parties trust: the root (the issuer itself when it is one), then the CAs a rotation still trusts. */
	trusted: Uint8Array[];
}

/** The one chain builder: bundles, certificates signed from a CSR and renewed leaves all take theirs from here. */
export function issuerChain(ca: IssuerCertificates): IssuerChain {
	const parents = ca.chainDer ?? [];
	const root = parents.at(-1) ?? ca.certificateDer;
	const intermediates = parents.length > 0 ? [ca.certificateDer, ...parents.slice(0, -1)] : [];
	return {
		presented: ca.crossSignedDer ? [...intermediates, ca.crossSignedDer] : intermediates,
		trusted: [root, ...(ca.alsoTrustedDer ?? [])]
	};
}
