import { PkiError } from './errors';

export const DAY_MS = 86_400_000;

/**
 * Certificates start an hour in the past so a peer whose clock runs a little behind still accepts
 * them (Let's Encrypt backdates by one hour; cockroach cert by a day, pkg/security/x509.go validFrom).
 */
export const CLOCK_SKEW_MS = 3_600_000;

export interface Validity {
	notBefore: Date;
	notAfter: Date;
}

/** Whole seconds: Go's x509 (CockroachDB, Consul) rejects fractional seconds in GeneralizedTime. */
export function wholeSeconds(date: Date): Date {
	return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export function validateDays(days: number, field: 'validity' = 'validity'): number {
	if (!Number.isInteger(days) || days < 1 || days > 100 * 366) {
		throw new PkiError('validity-invalid', 'Validity must be a whole number of days, from 1 to 36600.', field);
	}
	return days;
}

/**
 * The validity of a new certificate: from now minus the clock-skew allowance to now plus `days`.
 * Under an issuer it may not start before the issuer nor end after it (RFC 5280 §6.1.3 checks every
 * certificate of the path at the time of use, so a leaf outliving its CA is dead weight); the refusal
 * says how long the CA has left.
 */
export function leafValidity(now: Date, days: number, issuer: Validity): Validity {
	validateDays(days);
	if (issuer.notAfter.getTime() <= now.getTime()) {
		throw new PkiError(
			'ca-expired',
			`The CA expired on ${issuer.notAfter.toISOString().slice(0, 10)}. Renew the CA or create a new one before issuing.`,
			'validity'
		);
	}
	const notBefore = wholeSeconds(new Date(Math.max(now.getTime() - CLOCK_SKEW_MS, issuer.notBefore.getTime())));
	const notAfter = wholeSeconds(new Date(now.getTime() + days * DAY_MS));
	if (notAfter.getTime() > issuer.notAfter.getTime()) {
		const left = Math.floor((issuer.notAfter.getTime() - now.getTime()) / DAY_MS);
		throw new PkiError(
			'validity-beyond-ca',
			`${days} days would outlast the CA, which expires on ` +
				`${issuer.notAfter.toISOString().slice(0, 10)} (${left} day${left === 1 ? '' : 's'} ` +
				`left). Choose at most ${left} days, or renew the CA.`,
			'validity'
		);
	}
	return { notBefore, notAfter };
}

export function rootValidity(now: Date, days: number): Validity {
	validateDays(days);
	return {
		notBefore: wholeSeconds(new Date(now.getTime() - CLOCK_SKEW_MS)),
		notAfter: wholeSeconds(new Date(now.getTime() + days * DAY_MS))
	};
}

export function daysLeft(notAfter: Date, now: Date): number {
	return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}
