import { EKU } from '../parse/words';
import { hostSteps } from '../verify/checks-usage';
import { when } from '../verify/format';
import { verifyChain } from '../verify/verify';
import type { Purpose } from '../verify/types';
import { x509 } from '../x509';
import { keyMatchesCertificate } from './key-match';
import { pairedKey } from './inputs';
import type { LintCert, LintFinding, LintInput, LintRule } from './types';

/** Rules every TLS target shares; each target file picks the ones its system enforces. */

const DAY = 86_400_000;
export const leaves = (input: LintInput) => input.certs.filter((c) => !c.isCa);
const orNull = (applies: boolean, findings: LintFinding[]) => (applies ? findings : null);

/** The extended key usages of a certificate as OIDs; undefined when it has no EKU extension (any use). */
export function ekus(cert: x509.X509Certificate): string[] | undefined {
	return cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String);
}

/** RFC 5280 §4.2.1.12: an absent EKU, or anyExtendedKeyUsage, allows every purpose. */
export function allows(cert: x509.X509Certificate, purpose: 'serverAuth' | 'clientAuth'): boolean {
	const list = ekus(cert);
	return !list || list.includes(EKU.any) || list.includes(EKU[purpose]);
}

/** A check of each selected certificate: null when none is selected, else the findings of those that fail. */
export function eachCert(
	select: (input: LintInput) => LintCert[],
	test: (c: LintCert, input: LintInput) => LintFinding | undefined
): (input: LintInput) => LintFinding[] | null {
	return (input) => {
		const certs = select(input);
		return certs.length === 0 ? null : certs.flatMap((c) => test(c, input) ?? []);
	};
}

export const ekuWords = (cert: x509.X509Certificate) =>
	(ekus(cert) ?? [])
		.map(
			(o) =>
				({ [EKU.serverAuth]: 'serverAuth', [EKU.clientAuth]: 'clientAuth', [EKU.any]: 'anyExtendedKeyUsage' })[o] ?? o
		)
		.join(', ') || 'nothing';

/** A key file that does not belong to its certificate makes the TLS handshake fail at CertificateVerify (RFC 8446 §4.4.3). */
export function keyMatchRule(source: string): LintRule {
	return {
		id: 'key-matches-certificate',
		title: 'Each private key must belong to the certificate beside it',
		source,
		severity: 'error',
		async check(input) {
			const findings: LintFinding[] = [];
			let pairs = 0;
			for (const c of input.certs) {
				const key = pairedKey(c, input.keys);
				if (!key) continue;
				pairs++;
				const match = await keyMatchesCertificate(key.pkcs8, key.info, c.cert, input.crypto);
				if (match === false)
					findings.push({
						file: key.path,
						message: `${key.base} does not match certificate ${c.base}: their public keys differ (${key.info.label} key).`,
						fix: `Put the key that was made with ${c.base} beside it, or issue ${c.base} again for this key.`
					});
			}
			return orNull(pairs > 0, findings);
		}
	};
}

/** Expired and not-yet-valid certificates are refused by every TLS stack (RFC 5280 §6.1.3 (a)(2)). */
export function validityRule(source = 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)'): LintRule {
	return {
		id: 'validity',
		title: 'Certificates must be within their validity period',
		source,
		severity: 'error',
		check(input) {
			const now = input.now.getTime();
			const findings: LintFinding[] = [];
			for (const c of input.certs) {
				const days = Math.floor((now - c.cert.notAfter.getTime()) / DAY);
				if (now > c.cert.notAfter.getTime())
					findings.push({
						file: c.path,
						message: `${c.base} expired on ${when(c.cert.notAfter)} (${days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`} ago).`,
						fix: `Issue ${c.base} again with a new validity period.`
					});
				else if (now < c.cert.notBefore.getTime())
					findings.push({
						file: c.path,
						message: `${c.base} is not valid until ${when(c.cert.notBefore)}.`,
						fix: `Check this machine's clock, or issue ${c.base} again with a start date in the past.`
					});
			}
			return orNull(input.certs.length > 0, findings);
		}
	};
}

/** A warning when less than 30 days remain, or less than a third of the lifetime for short-lived leaves (Consul Connect's 72 h). */
export function expirySoonRule(): LintRule {
	return {
		id: 'expires-soon',
		title: 'Certificates should not be about to expire',
		source:
			'Operational practice: renew before expiry, since an expired certificate stops every TLS connection that presents it (CockroachDB docs, "Rotate Security Certificates": rotate when certificates "are expiring soon", https://www.cockroachlabs.com/docs/stable/rotate-certificates)',
		severity: 'warning',
		check(input) {
			const now = input.now.getTime();
			const findings: LintFinding[] = [];
			for (const c of input.certs) {
				const nb = c.cert.notBefore.getTime();
				const na = c.cert.notAfter.getTime();
				if (now < nb || now > na || na - now >= Math.min(30 * DAY, (na - nb) / 3)) continue;
				const days = Math.floor((na - now) / DAY);
				findings.push({
					file: c.path,
					message: `${c.base} expires in ${days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`} (${when(c.cert.notAfter)}).`,
					fix: `Renew ${c.base} now and roll it out before it expires.`
				});
			}
			return orNull(input.certs.length > 0, findings);
		}
	};
}

/** Both date rules, as every target uses them. */
export const expiryRules = (): LintRule[] => [validityRule(), expirySoonRule()];

/** Every host clients dial must be a SAN of the server certificate (RFC 6125 §6; verified as in verify/checks-usage.ts). */
export function hostsRule(
	select: (input: LintInput) => LintCert[],
	source: string,
	what = 'server certificate'
): LintRule {
	return {
		id: 'hosts-in-san',
		title: `Every host clients dial must be a SAN of the ${what}`,
		source,
		severity: 'error',
		check(input) {
			const certs = select(input);
			const findings: LintFinding[] = [];
			for (const c of certs) {
				for (const host of input.hosts) {
					const step = hostSteps([{ cert: c.cert, name: c.base, trusted: false }], host)[0];
					// The verifier accepts a CN match on a certificate without SANs, as OpenSSL does; Go and
					// browsers do not (RFC 9525 §6.1), so for a target system that counts as no match.
					const cnOnly = step?.ok && /legacy common-name fallback/.test(step.reason);
					if (step && (!step.ok || cnOnly)) {
						const why = cnOnly
							? `host ${host} matches only the subject CN; Go programs and browsers ignore the CN and find no SAN for it`
							: step.reason;
						findings.push({
							file: c.path,
							message: `${c.base}: ${why}.`,
							fix: `Issue ${c.base} again with ${host} as ${/^[0-9.]+$|:/.test(host) ? 'an IP' : 'a DNS'} SAN.`
						});
					}
				}
			}
			return orNull(certs.length > 0 && input.hosts.length > 0, findings);
		}
	};
}

/**
 * Each leaf must chain to a CA the user gave (dropped or in the vault), judged by the same verifier as
 * the chain view. Expiry is left to the validity rule, so one fact is not reported twice.
 */
export function chainRule(
	purpose: Purpose,
	source: string,
	select: (input: LintInput) => LintCert[] = leaves
): LintRule {
	return {
		id: 'chain',
		title: `Each certificate must chain to a trusted CA${purpose === 'any' ? '' : ` and be allowed as a TLS ${purpose === 'serverAuth' ? 'server' : 'client'}`}`,
		source,
		severity: 'error',
		async check(input) {
			const cas = input.certs.filter((c) => c.isCa);
			const roots = [
				...cas.filter((c) => c.cert.subject === c.cert.issuer).map((c) => ({ cert: c.cert, name: c.base })),
				...input.trusted
			];
			const certs = select(input);
			if (roots.length === 0 || certs.length === 0) return null;
			const findings: LintFinding[] = [];
			for (const c of certs) {
				const r = await verifyChain(
					{
						leaf: { cert: c.cert, name: c.base },
						intermediates: cas.map((i) => ({ cert: i.cert, name: i.base })),
						roots,
						purpose,
						at: input.now
					},
					{ crypto: input.crypto, now: () => input.now }
				);
				const bad = r.steps.find((s) => !s.ok && s.check !== 'validity');
				if (bad)
					findings.push({
						file: c.path,
						message: `${c.base}: ${bad.reason}.`,
						fix:
							bad.check === 'extKeyUsage'
								? `Issue ${c.base} again with the ${purpose} extended key usage.`
								: `Give the CA certificate that signed ${c.base}, or issue it again from the CA the system trusts.`
					});
			}
			return findings;
		}
	};
}
