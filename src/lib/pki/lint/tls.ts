import { allows, chainRule, ekuWords, expiryRules, hostsRule, keyMatchRule, leaves } from './common';
import type { PlainTlsTargetId } from './target-list';
import type { LintFinding, LintRule } from './types';
import { subjectAltNames } from '../parse/extensions';
import { x509 } from '../x509';

/**
 * Plain TLS: what every mainstream stack (OpenSSL, Go crypto/tls, browsers) enforces on a server or a
 * client certificate, with nothing product-specific.
 */

const F = x509.KeyUsageFlags;

function ekuRule(purpose: 'serverAuth' | 'clientAuth'): LintRule {
	const role = purpose === 'serverAuth' ? 'server' : 'client';
	return {
		id: `eku-${role}`,
		title: `A TLS ${role} certificate's extended key usage must be absent or include ${purpose}`,
		source: `RFC 5280 §4.2.1.12; OpenSSL check_purpose_ssl_${role} (crypto/x509/v3_purp.c); Go x509.VerifyOptions.KeyUsages`,
		severity: 'error',
		check(input) {
			const certs = leaves(input);
			if (certs.length === 0) return null;
			return certs
				.filter((c) => !allows(c.cert, purpose))
				.map((c): LintFinding => ({
					file: c.path,
					message: `${c.base} may not be used as a TLS ${role}: its extended key usage lists only ${ekuWords(c.cert)}.`,
					fix: `Issue ${c.base} again with extendedKeyUsage = ${purpose}.`
				}));
		}
	};
}

/** OpenSSL's ku_reject with KU_TLS: a leaf keyUsage, when present, must allow the handshake signature or key exchange. */
function keyUsageRule(purpose: 'serverAuth' | 'clientAuth'): LintRule {
	const needed =
		purpose === 'serverAuth'
			? F.digitalSignature | F.keyEncipherment | F.keyAgreement
			: F.digitalSignature | F.keyAgreement;
	const words = purpose === 'serverAuth' ? 'digitalSignature (or keyEncipherment for RSA)' : 'digitalSignature';
	return {
		id: `ku-${purpose === 'serverAuth' ? 'server' : 'client'}`,
		title: `A leaf's key usage, when present, must include ${words}`,
		source: 'RFC 5280 §4.2.1.3; RFC 8446 §4.4.2.2; OpenSSL crypto/x509/v3_purp.c (KU_TLS)',
		severity: 'error',
		check(input) {
			const certs = leaves(input);
			if (certs.length === 0) return null;
			return certs.flatMap((c): LintFinding[] => {
				const ku = c.cert.getExtension(x509.KeyUsagesExtension);
				return ku && !(ku.usages & needed)
					? [
							{
								file: c.path,
								message: `${c.base}'s key usage lacks ${words}, so its key cannot sign the TLS handshake.`,
								fix: `Issue ${c.base} again with keyUsage = digitalSignature${purpose === 'serverAuth' ? ', keyEncipherment' : ''}.`
							}
						]
					: [];
			});
		}
	};
}

/** Go (since 1.15), Chrome and RFC 9525 ignore the subject CN: a server is matched by its SANs only. */
const sanRequired: LintRule = {
	id: 'server-has-san',
	title: 'A TLS server certificate must name its hosts in subjectAltName, not only in the CN',
	source: 'RFC 9525 §6.1 (no CN fallback); Go 1.15 release notes (x509ignoreCN); CA/Browser Forum BR §7.1.2.7.12',
	severity: 'error',
	check(input) {
		const certs = leaves(input);
		if (certs.length === 0) return null;
		return certs
			.filter((c) => !subjectAltNames(c.cert).some((s) => s.type === 'dns' || s.type === 'ip'))
			.map((c) => ({
				file: c.path,
				message: `${c.base} has no DNS or IP SAN${c.cn ? ` (only CN=${c.cn})` : ''}: Go programs and browsers will not match any host.`,
				fix: `Issue ${c.base} again with its host names as DNS SANs and its addresses as IP SANs.`
			}));
	}
};

const KEY_SOURCE = 'RFC 8446 §4.4.3 (CertificateVerify is made with the key of the certificate)';

/**
 * The rules of the plain TLS targets (target-list.ts lists them after the systems' own): what any
 * server or client certificate must satisfy, and what etcd, PostgreSQL and generic mTLS output is held to.
 */
export const PLAIN_TLS_RULES: Readonly<Record<PlainTlsTargetId, readonly LintRule[]>> = {
	'tls-server': [
		...expiryRules(),
		keyMatchRule(KEY_SOURCE),
		ekuRule('serverAuth'),
		keyUsageRule('serverAuth'),
		sanRequired,
		hostsRule(leaves, 'RFC 6125 §6.4; RFC 9525 §6'),
		chainRule('serverAuth', 'RFC 5280 §6.1')
	],
	'tls-client': [
		...expiryRules(),
		keyMatchRule(KEY_SOURCE),
		ekuRule('clientAuth'),
		keyUsageRule('clientAuth'),
		chainRule('clientAuth', 'RFC 5280 §6.1')
	]
};

export { keyUsageRule };
