import { eachCert, expiryRules, keyMatchRule, leaves } from '../../lint/common';
import type { LintCert, LintRule, SystemLint } from '../../lint/types';
import { subjectAltNames } from '../../parse/extensions';
import { isSpiffe } from '../../parse/general-names';
import { x509 } from '../../x509';

/**
 * What Consul's service mesh enforces on Connect leaves: SPIFFE X.509-SVIDs
 * (https://github.com/spiffe/spiffe/blob/main/standards/X509-SVID.md) whose IDs Consul parses
 * (hashicorp/consul agent/connect/uri_*.go) and whose trust domain is the Connect CA's
 * (https://developer.hashicorp.com/consul/docs/connect/ca).
 */

const SVID = 'SPIFFE X509-SVID standard';
const F = x509.KeyUsageFlags;

const uris = (c: LintCert) =>
	subjectAltNames(c.cert)
		.filter((s) => s.type === 'uri')
		.map((s) => s.value);

/** X509-SVID §2: "An X.509 SVID MUST contain exactly one URI SAN", which is the SPIFFE ID. */
const svidUri: LintRule = {
	id: 'spiffe-one-uri',
	title: 'A Connect leaf must carry exactly one URI SAN, a spiffe:// ID',
	source: `${SVID} §2 ("exactly one URI SAN"); Consul agent/connect/uri_service.go`,
	severity: 'error',
	check: eachCert(leaves, (c) => {
		const u = uris(c);
		if (u.length === 1 && isSpiffe(u[0]!)) return undefined;
		return {
			file: c.path,
			message:
				u.length === 0
					? `${c.base} has no URI SAN, so it has no SPIFFE ID and Envoy cannot tell which service it is.`
					: `${c.base} has ${u.length} URI SANs (${u.join(', ')}); a SPIFFE leaf has exactly one spiffe:// ID.`,
			fix: `Issue it again with one URI SAN spiffe://<trust-domain>/ns/<ns>/dc/<dc>/svc/<service>.`
		};
	})
};

const SERVICE = /^spiffe:\/\/[^/]+(\/ap\/[^/]+)?\/ns\/[^/]+\/dc\/[^/]+\/svc\/[^/]+$/;
const AGENT = /^spiffe:\/\/[^/]+(\/ap\/[^/]+)?\/agent\/client\/dc\/[^/]+\/id\/[^/]+$/;
const svidPath: LintRule = {
	id: 'consul-spiffe-path',
	title:
		'The SPIFFE ID must name a Consul service (…/ns/<ns>/dc/<dc>/svc/<svc>) or agent (…/agent/client/dc/<dc>/id/<node>)',
	source: 'Consul agent/connect/uri_service.go and uri_agent_ce.go',
	severity: 'error',
	check: eachCert(
		(i) => leaves(i).filter((c) => uris(c).some(isSpiffe)),
		(c) => {
			const id = uris(c).find(isSpiffe)!;
			return SERVICE.test(id) || AGENT.test(id)
				? undefined
				: {
						file: c.path,
						message: `${c.base}'s SPIFFE ID ${id} is neither a Consul service nor an agent ID, so Consul's intentions cannot match it.`,
						fix: 'Use spiffe://<trust-domain>/ns/default/dc/<dc>/svc/<service>.'
					};
		}
	)
};

/** X509-SVID §4.1–§4.3: a leaf is not a CA, has digitalSignature and neither keyCertSign nor cRLSign. */
const svidKeyUsage: LintRule = {
	id: 'spiffe-leaf-usage',
	title: 'A SPIFFE leaf must not be a CA and must have keyUsage digitalSignature without keyCertSign or cRLSign',
	source: `${SVID} §4.1 (cA false), §4.3 (key usage)`,
	severity: 'error',
	check: eachCert(leaves, (c) => {
		const ku = c.cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
		if (ku & F.digitalSignature && !(ku & (F.keyCertSign | F.cRLSign))) return undefined;
		return {
			file: c.path,
			message:
				ku & F.digitalSignature
					? `${c.base} may sign certificates or CRLs, which a SPIFFE leaf must not.`
					: `${c.base}'s key usage lacks digitalSignature, which a SPIFFE leaf must have.`,
			fix: 'Issue it again with keyUsage = digitalSignature (critical), keyEncipherment for RSA.'
		};
	})
};

/** Consul's CanSign: a signing CA's URI spiffe://<td> only signs leaves of the same trust domain. */
const trustDomain: LintRule = {
	id: 'consul-trust-domain',
	title: "A leaf's trust domain must be the one of the CA's spiffe:// URI",
	source: 'Consul agent/connect/uri_signing.go (SpiffeIDSigning.CanSign)',
	severity: 'error',
	check(input) {
		const domains = new Set(
			input.certs
				.filter((c) => c.isCa)
				.flatMap(uris)
				.filter(isSpiffe)
				.map(domainOf)
		);
		const ls = leaves(input).filter((c) => uris(c).some(isSpiffe));
		if (domains.size === 0 || ls.length === 0) return null;
		return ls.flatMap((c) => {
			const d = domainOf(uris(c).find(isSpiffe)!);
			return domains.has(d)
				? []
				: [
						{
							file: c.path,
							message: `${c.base} is in trust domain ${d}, but the CA signs for ${[...domains].join(', ')}.`,
							fix: "Issue the leaf from the CA of its own trust domain, or use that CA's trust domain in its SPIFFE ID."
						}
					];
		});
	}
};

const domainOf = (id: string) =>
	id
		.replace(/^spiffe:\/\//i, '')
		.split('/')[0]!
		.toLowerCase();
export const lint: SystemLint = {
	rules: {
		'consul-connect': [
			svidUri,
			svidPath,
			svidKeyUsage,
			trustDomain,
			...expiryRules(),
			keyMatchRule('RFC 8446 §4.4.3: a proxy signs the handshake with the key of the leaf it presents')
		]
	},
	kinds: { service: ['consul-connect'], agent: ['consul-connect'] }
};
