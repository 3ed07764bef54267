import type { PkiDeps } from '../deps';
import { csrParts } from '../der/reader';
import { PkiError } from '../errors';
import { encodeCaTbs, subordinateCaTerms } from '../issue/ca-tbs';
import { issuerOf, type SigningIssuer } from '../issue/issuer';
import { signTbs } from '../issue/sign';
import { x509 } from '../x509';
import { checkCsr } from './describe';
import { parseSanList } from './names';
import { checkCsrSubjectText, checkNotAVaultCa, checkWildcards } from './subject-policy';

export interface CsrCaChoice {
	days: number;
	/** CAs allowed below the new one; undefined for no limit (when the issuer allows that). */
	pathLen?: number;
	/** The edited SAN list: Consul's secondary-datacenter CSR asks for its spiffe:// signing URI. */
	sans: string;
}

/**
 * Signs an online CA's CSR (Vault's `pki/intermediate/generate`, step-ca, a Consul secondary
 * datacenter) as an intermediate of this CA, so it issues at scale under an offline root. The
 * result carries what every CA of ours carries (issue/ca-tbs.ts): basicConstraints CA:TRUE critical
 * with the chosen path length, keyUsage keyCertSign + cRLSign (+ digitalSignature, for OCSP
 * responses it signs itself) critical, SKI and AKI; validity inside the issuer's (RFC 5280 §6.1.3).
 * The subject and public key are the CSR's, copied as encoded; requested SANs (Consul's spiffe://
 * URI) as edited. Other requested extensions (name constraints, policies) are not copied: the
 * description says so.
 */
export async function signCsrCa(
	csr: x509.Pkcs10CertificateRequest,
	choice: CsrCaChoice,
	signingIssuer: SigningIssuer,
	deps: PkiDeps,
	vaultCas: readonly Uint8Array<ArrayBuffer>[] = []
): Promise<x509.X509Certificate> {
	await checkCsr(csr, deps.crypto);
	const issuer = issuerOf(signingIssuer);
	const terms = subordinateCaTerms(issuer, choice.days, choice.pathLen, deps);
	const sans = parseSanList(choice.sans);
	if (csr.subjectName.toJSON().length === 0)
		throw new PkiError(
			'csr-subject-empty',
			'The CSR has an empty subject; a CA certificate needs a name (RFC 5280 §4.1.2.6). Ask for a CSR with a CN.',
			'csr'
		);
	// The subject policy of leaves (subject-policy.ts): above all, not the name of a CA already here.
	checkCsrSubjectText(csr.subjectName);
	checkNotAVaultCa(csr.subjectName, [new Uint8Array(signingIssuer.certificate.rawData), ...vaultCas]);
	checkWildcards([], sans);
	const { subject, spki } = csrParts(new Uint8Array(csr.rawData));
	const der = await signTbs(issuer, encodeCaTbs(terms, { name: subject, spki, sans }, issuer), deps);
	return new x509.X509Certificate(der);
}
