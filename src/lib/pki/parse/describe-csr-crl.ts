import { x509 } from '../x509';
import { colonHex } from './der-util';
import { gnText, commonName } from './describe-cert';
import { crlNumber, hex, subjectAltNames } from './extensions';
import { sanView, type SanView } from './general-names';
import { spkiInfo, type KeyInfo } from './key-info';
import { CRL_REASONS } from './words';

/** Readable views of a CSR (RFC 2986) and a CRL (RFC 5280 §5), JSON-serialisable. */

export interface CsrView {
	subject: string;
	commonName: string;
	sans: SanView;
	key: KeyInfo;
	/** Extensions asked for in the extensionRequest attribute (PKCS#9); a CA decides which to honour. */
	requestedExtensions: { oid: string; critical: boolean; hex: string }[];
	signatureValid: boolean;
	sha256: string;
}

export async function describeCsr(csr: x509.Pkcs10CertificateRequest, crypto: Crypto): Promise<CsrView> {
	let signatureValid = false;
	try {
		signatureValid = await csr.verify(crypto);
	} catch {
		signatureValid = false;
	}
	return {
		subject: csr.subject,
		commonName: commonName(csr.subjectName, csr.subject),
		sans: sanView(subjectAltNames(csr)),
		key: spkiInfo(new Uint8Array(csr.publicKey.rawData)),
		requestedExtensions: csr.extensions.map((e) => ({ oid: e.type, critical: e.critical, hex: hex(e.value) })),
		signatureValid,
		sha256: colonHex(new Uint8Array(await crypto.subtle.digest('SHA-256', csr.rawData)))
	};
}

export interface CrlView {
	issuer: string;
	thisUpdate: string;
	nextUpdate?: string;
	/** True when nextUpdate has passed at the time given. */
	stale: boolean;
	crlNumber?: string;
	/** How many certificates the CRL lists. */
	entryCount: number;
	/** The first MAX_LISTED_ENTRIES of them, in the CRL's order. */
	entries: { serial: string; revoked: string; reason: string }[];
	extensions: { oid: string; critical: boolean; hex: string }[];
}

/**
 * A page can show a few thousand rows; a CA's CRL may list hundreds of thousands of certificates, and
 * each entry's reason means parsing its extensions. The view lists the first ones and counts them all.
 */
export const MAX_LISTED_ENTRIES = 1000;

export function describeCrl(crl: x509.X509Crl, now: Date): CrlView {
	const number = crlNumber(crl);
	const all = crl.entries;
	return {
		issuer: crl.issuer,
		thisUpdate: crl.thisUpdate.toISOString(),
		...(crl.nextUpdate ? { nextUpdate: crl.nextUpdate.toISOString() } : {}),
		stale: crl.nextUpdate !== undefined && crl.nextUpdate.getTime() < now.getTime(),
		...(number ? { crlNumber: number } : {}),
		entryCount: all.length,
		entries: all.slice(0, MAX_LISTED_ENTRIES).map((e) => ({
			serial: e.serialNumber.toLowerCase(),
			revoked: e.revocationDate.toISOString(),
			reason: reasonWords(e.reason)
		})),
		extensions: crl.extensions.map((e) => ({ oid: e.type, critical: e.critical, hex: hex(e.value) }))
	};
}

export const reasonWords = (reason: number | undefined) =>
	reason === undefined ? 'no reason given' : (CRL_REASONS[reason] ?? `reason ${reason}`);

export { gnText };
