import type { VerifyErrorCode, VerifyResult } from '../verify/types';
import { validityInWords } from './dates';

/**
 * The chain view's one-line verdict, from every failing check, each said as what it is: a time
 * problem is "expired", a trust problem is "not trusted", a revocation is "revoked". An expired
 * certificate from a trusted CA is not "untrusted".
 */
const WORDS: Record<VerifyErrorCode, string> = {
	expired: 'expired',
	'not-yet-valid': 'not valid yet',
	'issuer-not-found': 'not trusted: its issuer is missing',
	'untrusted-root': 'not trusted: its root is not a trusted CA',
	'signature-invalid': 'signature does not verify',
	'not-a-ca': 'signed by a certificate that is not a CA',
	'path-length-exceeded': 'too many CAs below a path length limit',
	'key-usage': 'key usage forbids this use',
	purpose: 'extended key usage forbids this use',
	'host-mismatch': 'does not name the host',
	'name-constraint': "outside its CA's name constraints",
	revoked: 'revoked',
	'crl-unavailable': 'revocation unknown',
	'crl-invalid': 'CRL not usable',
	'not-strict': 'breaks RFC 5280 profile rules'
};

export interface ChainVerdict {
	ok: boolean;
	/** "trusted", "expired on 2021-01-01 (1,433 days ago); its chain reaches the trusted 'ca.crt'", "not trusted: its issuer is missing". */
	words: string;
	/** Every distinct failure, in the order the checks ran. */
	codes: VerifyErrorCode[];
}

export function chainVerdict(result: Pick<VerifyResult, 'ok' | 'steps' | 'chain' | 'names'>, at: Date): ChainVerdict {
	const failing = result.steps.filter((s) => !s.ok && s.code);
	const codes = [...new Set(failing.map((s) => s.code!))];
	const anchor = result.names[result.names.length - 1];
	const trusted = result.steps.some((s) => s.check === 'trust' && s.ok);
	if (result.ok) return { ok: true, words: `trusted (its chain reaches '${anchor}')`, codes };
	const words = codes.map((code) => {
		const step = failing.find((s) => s.code === code)!;
		const view = result.chain[step.certIndex ?? 0];
		if ((code === 'expired' || code === 'not-yet-valid') && view) {
			const name = step.certIndex ? `${result.names[step.certIndex]} ` : '';
			const dates = validityInWords(new Date(view.validity.notBefore), new Date(view.validity.notAfter), at);
			return `${name}${dates.words}`;
		}
		return WORDS[code];
	});
	return {
		ok: false,
		words: `${words.join('; ') || 'not accepted'}${trusted ? `; its chain reaches the trusted '${anchor}'` : ''}`,
		codes
	};
}
