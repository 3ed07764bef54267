import { DAY_MS } from '../pki/validity';
import type { CaRecord } from '../vault/schema';

/**
 * When a CA's CRL and pre-signed OCSP responses run out. An expired CRL makes every client that checks
 * CRLs refuse every certificate of the CA (RFC 5280 §6.3.3 needs a current CRL), and a stapled
 * response past its nextUpdate is rejected (RFC 6960 §4.2.2.1), so the dashboard warns ahead: once
 * less than a quarter of the validity is left, and at most 7 days ahead.
 */
export type RevocationDueStatus = 'none' | 'valid' | 'due-soon' | 'expired';

export interface RevocationDue {
	status: RevocationDueStatus;
	nextUpdate?: Date;
	text: string;
}

const WARN_FRACTION = 0.25;
const WARN_MAX_MS = 7 * DAY_MS;

const day = (date: Date) => date.toISOString().slice(0, 10);

function due(
	what: string,
	plural: boolean,
	from: Date | undefined,
	nextUpdate: Date | undefined,
	now: Date
): RevocationDue {
	if (!from || !nextUpdate) return { status: 'none', text: `No ${what} yet` };
	const left = nextUpdate.getTime() - now.getTime();
	if (left <= 0) return { status: 'expired', nextUpdate, text: `${what} expired on ${day(nextUpdate)}` };
	const warnAt = Math.min(WARN_MAX_MS, (nextUpdate.getTime() - from.getTime()) * WARN_FRACTION);
	const days = Math.floor(left / DAY_MS);
	const inWords = days === 0 ? 'in less than a day' : `in ${days} day${days === 1 ? '' : 's'}`;
	if (left <= warnAt)
		return {
			status: 'due-soon',
			nextUpdate,
			text: `${what} ${plural ? 'run' : 'runs'} out ${inWords} (${day(nextUpdate)})`
		};
	return { status: 'valid', nextUpdate, text: `${what} valid until ${day(nextUpdate)}` };
}

export function crlDue(ca: Pick<CaRecord, 'crl'>, now: Date): RevocationDue {
	return due('CRL', false, ca.crl?.lastIssuedAt, ca.crl?.nextUpdate, now);
}

export function ocspDue(ca: Pick<CaRecord, 'ocsp'>, now: Date): RevocationDue {
	return due('OCSP responses', true, ca.ocsp?.lastSignedAt, ca.ocsp?.nextUpdate, now);
}
