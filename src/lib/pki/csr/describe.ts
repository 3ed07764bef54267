import { describeCsr } from '../parse/describe-csr-crl';
import { gnText } from '../parse/describe-cert';
import { subjectAltNames } from '../parse/extensions';
import { ekuList, keyUsageList } from '../parse/words';
import { PkiError } from '../errors';
import { x509 } from '../x509';
import { checkSubjectKey } from './key-policy';

/** What a CSR asks for, in plain words, for the page (JSON-serialisable, no library objects). */
export interface CsrSummary {
	subject: string;
	commonName: string;
	/** Every requested SAN as "DNS:x", "IP:x", "URI:x", "email:x"… */
	sans: string[];
	/** The SANs the app can write (DNS, IP, URI), the starting point of the editable list. */
	editableSans: string[];
	/** "ECDSA P-256", "RSA 2048", … */
	key: string;
	/** Requested extensions, each as a sentence; the CA decides which to honour (RFC 2986 §4.1, PKCS#9 extensionRequest). */
	requested: string[];
	/** basicConstraints CA:TRUE was requested: this is an intermediate CA's CSR. */
	requestsCa: boolean;
	requestedPathLen?: number;
	sha256: string;
}

const KNOWN = new Set(['2.5.29.17', '2.5.29.19', '2.5.29.15', '2.5.29.37', '2.5.29.14']);

/**
 * Checks a CSR before anyone reads it as a request: its key must be one we certify and its
 * signature must verify with that key (RFC 2986 §3: the signature proves possession of the private
 * key and that the request was not altered). Either failure is a PkiError on the CSR input.
 */
export async function checkCsr(csr: x509.Pkcs10CertificateRequest, crypto: Crypto, field = 'csr'): Promise<CsrSummary> {
	const view = await describeCsr(csr, crypto);
	checkSubjectKey(view.key, field);
	if (!view.signatureValid) {
		throw new PkiError(
			'csr-signature-invalid',
			"The CSR's signature does not match its public key: it was altered or damaged after it was made. Nothing was signed; ask for a new CSR.",
			field
		);
	}
	// A CSR's getExtension takes only an OID; the extensions themselves are the typed classes.
	const bc = csr.extensions.find((e) => e instanceof x509.BasicConstraintsExtension);
	const ku = csr.extensions.find((e) => e instanceof x509.KeyUsagesExtension);
	const eku = csr.extensions.find((e) => e instanceof x509.ExtendedKeyUsageExtension);
	const sans = subjectAltNames(csr).map(gnText);
	const requested: string[] = [];
	if (bc)
		requested.push(
			bc.ca
				? `to be a CA${bc.pathLength !== undefined ? ` with path length ${bc.pathLength}` : ''}`
				: 'to be an end entity (not a CA)'
		);
	if (ku)
		requested.push(
			`key usage: ${keyUsageList(ku.usages)
				.map((u) => u.name)
				.join(', ')}`
		);
	if (eku)
		requested.push(
			`extended key usage: ${ekuList(eku.usages.map(String))
				.map((u) => u.name)
				.join(', ')}`
		);
	for (const e of csr.extensions)
		if (!KNOWN.has(e.type))
			requested.push(`extension ${e.type}${e.critical ? ' (critical)' : ''}, which this CA does not copy`);
	return {
		subject: view.subject,
		commonName: view.commonName,
		sans,
		editableSans: sans.filter((s) => /^(DNS|IP|URI):/.test(s)),
		key: view.key.label,
		requested,
		requestsCa: bc?.ca === true,
		...(bc?.ca && bc.pathLength !== undefined ? { requestedPathLen: bc.pathLength } : {}),
		sha256: view.sha256
	};
}
