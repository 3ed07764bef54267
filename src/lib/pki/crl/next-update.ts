import { PkiError } from '../errors';
import { DAY_MS, wholeSeconds } from '../validity';

/** How long a CRL is current by default: a week, so a weekly publishing habit never lets it lapse. */
export const DEFAULT_CRL_DAYS = 7;

export interface CrlDates {
	thisUpdate: Date;
	nextUpdate: Date;
}

/**
 * thisUpdate and nextUpdate of a new CRL (RFC 5280 §5.1.2.4–5.1.2.5), in whole seconds. nextUpdate is
 * `days` after now but never after the CA's notAfter: a relying party cannot use a CRL signed by an
 * expired CA anyway (§6.3.3 validates the CRL issuer's path at the time of use). So the last partial
 * day of the CA is clamped to its expiry, and any longer choice is refused with the most that fits.
 */
export function crlDates(now: Date, days: number, caNotAfter: Date, field = 'crlDays'): CrlDates {
	if (!Number.isInteger(days) || days < 1) {
		throw new PkiError(
			'validity-invalid',
			'Days until the next update must be a whole number of days, 1 or more.',
			field
		);
	}
	const thisUpdate = wholeSeconds(now);
	const left = caNotAfter.getTime() - thisUpdate.getTime();
	if (left <= 0) {
		throw new PkiError(
			'ca-expired',
			`The CA expired on ${caNotAfter.toISOString().slice(0, 10)}; a CRL it signs would be of no use. Renew the CA or create a new one.`,
			field
		);
	}
	const most = Math.ceil(left / DAY_MS);
	if (days > most) {
		throw new PkiError(
			'validity-beyond-ca',
			`${days} days would pass the CA's expiry on ${caNotAfter.toISOString().slice(0, 10)}. Choose at most ${most} day${most === 1 ? '' : 's'}.`,
			field
		);
	}
	return { thisUpdate, nextUpdate: new Date(Math.min(thisUpdate.getTime() + days * DAY_MS, caNotAfter.getTime())) };
}
