import type { VerifyResult } from '../verify/types';
import type { HeldKey } from './key-proof';
import type { NamedCert } from '../verify/types';
import type { x509 } from '../x509';

/** One side of a mutual-TLS connection: what it presents and which CAs it trusts. */
export interface TlsSide {
	/** What the UI calls it ("server", "node1/node.crt"). */
	label: string;
	/** The certificate it presents, leaf first, then the intermediates it sends along (RFC 8446 §4.4.2). */
	chain: NamedCert[];
	/** Its trust store: the CA certificates it verifies the peer against. */
	trusts: NamedCert[];
	/** CRLs it checks the peer's certificate against (revocation of the leaf, like openssl -crl_check). */
	crls?: x509.X509Crl[];
	/** The private key it signs the handshake with; without it, key possession is reported as not checked. */
	key?: HeldKey;
}

export interface HandshakeInput {
	server: TlsSide;
	client: TlsSide;
	/** The name or address the client dials; the server certificate must match it (RFC 6125). */
	host: string;
	/**
	 * The identity the server expects from the client certificate's CN, when the system maps CN to a
	 * user (CockroachDB: client.<user>.crt logs in as CN=<user>).
	 */
	expectedClientName?: string;
	/**
	 * Set when the server also dials its peers with the same certificate (a CockroachDB node.crt with
	 * no client.node.crt beside it): why, in words. The peers then check it for clientAuth too.
	 */
	serverDialsPeers?: string;
	at?: Date;
	/** What was changed to show a fault on dropped files ("a copy of node.crt that expired two days ago"). */
	experiment?: string;
}

export type HandshakeStepId =
	| 'server-presents'
	| 'server-proves-key'
	| 'client-checks-server'
	| 'server-requests'
	| 'client-presents'
	| 'client-proves-key'
	| 'server-checks-client'
	| 'server-maps-identity'
	| 'peer-checks-server-as-client';

export interface CertSummary {
	name: string;
	subject: string;
	issuer: string;
}

export interface HandshakeStep {
	id: HandshakeStepId;
	/** Who acts in this step. */
	actor: 'server' | 'client';
	title: string;
	ok: boolean;
	/** Plain words; for checks, the verifier's own reason. */
	reason: string;
	/** True when the step could not be checked from what was given (no key file); ok is then true. */
	unchecked?: boolean;
	/** The file at fault, when a step fails. */
	file?: string;
	/** What to change, naming the file and the field. */
	fix?: string;
	/** The verifier's full verdict, for the two checking steps. */
	verify?: Pick<VerifyResult, 'ok' | 'steps' | 'names' | 'error'>;
	/** The certificates sent on the wire, for the presenting steps. */
	sent?: CertSummary[];
}

export interface HandshakeSideView {
	label: string;
	chain: CertSummary[];
	trusts: CertSummary[];
	/** The trusted CA the peer's chain ended at, when verification reached one. */
	anchoredAt?: string;
}

export interface HandshakeReport {
	ok: boolean;
	/** The first failing step, when any. */
	failedStep?: HandshakeStepId;
	steps: HandshakeStep[];
	server: HandshakeSideView;
	client: HandshakeSideView;
	host: string;
	/** Steps that passed only because they could not be checked; the verdict names them. */
	unchecked: HandshakeStepId[];
	/** Things true of a passing handshake that still break a real deployment (a loopback-only server certificate). */
	notes: string[];
	/** The fault experiment applied to dropped files, when any. */
	experiment?: string;
}
