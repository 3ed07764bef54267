import { daysInWords } from '../verify/format';

const DAY = 86_400_000;

/** "2021-01-01": the calendar day in UTC, which is what `openssl x509 -enddate` users compare with. */
export const day = (d: Date) => d.toISOString().slice(0, 10);

export type ValidityState = 'valid' | 'expired' | 'not-yet-valid';

/** Where a certificate (or CRL) stands in time, as a state and a sentence. */
export interface DatesInWords {
	state: ValidityState;
	/** "expired on 2021-01-01 (1,433 days ago)", "not valid until 2031-01-01 (in 12 days)", "valid until 2027-01-01 (365 days left)". */
	words: string;
}

/**
 * A validity period in words. A time problem is said as a time problem (never as "not trusted"):
 * the certificate may be perfectly trusted and still be refused because of the date.
 */
export function validityInWords(notBefore: Date, notAfter: Date, now: Date): DatesInWords {
	const t = now.getTime();
	if (t > notAfter.getTime())
		return {
			state: 'expired',
			words: `expired on ${day(notAfter)} (${daysInWords(Math.floor((t - notAfter.getTime()) / DAY))} ago)`
		};
	if (t < notBefore.getTime())
		return {
			state: 'not-yet-valid',
			words: `not valid until ${day(notBefore)} (in ${daysInWords(Math.floor((notBefore.getTime() - t) / DAY))})`
		};
	return {
		state: 'valid',
		words: `valid until ${day(notAfter)} (${daysInWords(Math.floor((notAfter.getTime() - t) / DAY))} left)`
	};
}
