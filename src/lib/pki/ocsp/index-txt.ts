import type { CrlReasonName } from '../crl/reasons';
import { timeDigits } from '../der/writer';

/** A certificate as OpenSSL's CA database lists it. */
export interface IndexEntry {
	serialHex: string;
	notAfter: Date;
	/** The subject as the app shows it ("O=Cockroach, CN=node", RFC 4514 order of the profile). */
	subject: string;
	revocation?: { revokedAt: Date; reason: CrlReasonName };
}

/**
 * Reason names as `openssl ca -crl_reason` writes them into the database (apps/ca.c crl_reasons in the
 * OpenSSL source). privilegeWithdrawn is not among them, and an unknown name makes `openssl ocsp
 * -index` refuse the line, so that one is written as a revocation date alone: the responder still says
 * "revoked", without a reason.
 */
const OPENSSL_REASON: Record<CrlReasonName, string | undefined> = {
	unspecified: 'unspecified',
	keyCompromise: 'keyCompromise',
	cACompromise: 'CACompromise',
	affiliationChanged: 'affiliationChanged',
	superseded: 'superseded',
	cessationOfOperation: 'cessationOfOperation',
	privilegeWithdrawn: undefined
};

/** ASN1_TIME as `openssl ca` prints it in the database: UTCTime YYMMDDHHMMSSZ, GeneralizedTime from 2050. */
function indexTime(date: Date): string {
	const year = date.getUTCFullYear();
	return (year < 2050 ? String(year % 100).padStart(2, '0') : String(year)) + timeDigits(date);
}

/**
 * The serial as `openssl ocsp -index` looks it up: BN_bn2hex of the INTEGER, so upper case, no leading
 * zero octets, an even number of digits ("00" for zero).
 */
export function indexSerial(serialHex: string): string {
	const even = serialHex.length % 2 ? `0${serialHex}` : serialHex;
	const trimmed = even.replace(/^(00)+/, '');
	return (trimmed || '00').toUpperCase();
}

/**
 * The subject in X509_NAME_oneline's form ("/O=Cockroach/CN=node"), the DN column of the database.
 * The responder does not read it; tabs and line breaks, which would break the columns, become spaces.
 */
function onelineDn(subject: string): string {
	const rdns = subject.split(/(?<!\\), /).filter((r) => r.length > 0);
	return rdns.map((r) => `/${r.replace(/\\(.)/g, '$1').replace(/[\t\r\n/]/g, ' ')}`).join('') || '/';
}

/**
 * OpenSSL's CA database (index.txt), one line per certificate, six tab-separated columns as `openssl
 * ca` writes them (https://docs.openssl.org/3.0/man1/openssl-ca/ "index.txt"; apps/include/apps.h
 * DB_type ... DB_name): status V or R, expiry date, revocation date[,reason] (empty when valid), serial
 * in hex, file name ("unknown"), DN. `openssl ocsp -index` answers from it.
 */
export function opensslIndex(entries: readonly IndexEntry[]): string {
	const lines = [...entries]
		.sort((a, b) => indexSerial(a.serialHex).localeCompare(indexSerial(b.serialHex)))
		.map((e) => {
			const revoked = e.revocation
				? [indexTime(e.revocation.revokedAt), OPENSSL_REASON[e.revocation.reason]].filter(Boolean).join(',')
				: '';
			return [
				e.revocation ? 'R' : 'V',
				indexTime(e.notAfter),
				revoked,
				indexSerial(e.serialHex),
				'unknown',
				onelineDn(e.subject)
			].join('\t');
		});
	return lines.map((l) => `${l}\n`).join('');
}
