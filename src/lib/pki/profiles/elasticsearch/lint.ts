import { allows, chainRule, ekus, ekuWords, expiryRules, hostsRule, keyMatchRule, leaves } from '../../lint/common';
import type { LintRule, SystemLint } from '../../lint/types';
import { keyUsageRule } from '../../lint/tls';

/**
 * Elasticsearch's rules for its two TLS layers ("Transport mTLS certificate requirements for external
 * CAs", https://www.elastic.co/docs/deploy-manage/security/external-ca-transport, and the Security
 * settings reference).
 */

const EXTERNAL_CA =
	'Elasticsearch docs, "Transport mTLS with an external CA" (https://www.elastic.co/docs/deploy-manage/security/external-ca-transport)';
/** xpack.security.{transport,http}.ssl.verification_mode defaults to `full`: the certificate must match the host. */
const VERIFY = 'Elasticsearch security settings, xpack.security.transport.ssl.verification_mode (default full)';

/** "Certificates used for transport mTLS must either have no Extended Key Usage extension, or include both clientAuth and serverAuth" (Elastic docs, external CA for transport). */
const transportEku: LintRule = {
	id: 'es-transport-eku',
	title: 'Transport certificates: EKU must be absent or contain both clientAuth and serverAuth',
	source: `${EXTERNAL_CA}: "must either have no Extended Key Usage extension, or include both clientAuth and serverAuth"`,
	severity: 'error',
	check(input) {
		const certs = leaves(input);
		if (certs.length === 0) return null;
		return certs
			.filter((c) => ekus(c.cert) !== undefined && !(allows(c.cert, 'serverAuth') && allows(c.cert, 'clientAuth')))
			.map((c) => ({
				file: c.path,
				message: `${c.base}'s extended key usage lists only ${ekuWords(c.cert)}: every node is both the server and the client of a transport connection, so the other node refuses it.`,
				fix: `Issue ${c.base} again with extendedKeyUsage = serverAuth, clientAuth (elasticsearch-certutil cert does), or with no EKU.`
			}));
	}
};

/** HTTP certificates only serve; clientAuth is not needed ("HTTP server certificates don't require the clientAuth", same page). */
const httpEku: LintRule = {
	id: 'es-http-eku',
	title: 'HTTP certificates: EKU must be absent or contain serverAuth',
	source: `${EXTERNAL_CA}: "HTTP server certificates don't require the clientAuth Extended Key Usage"; elasticsearch-certutil http sets serverAuth (HttpCertificateCommand.java)`,
	severity: 'error',
	check(input) {
		const certs = leaves(input);
		if (certs.length === 0) return null;
		return certs
			.filter((c) => !allows(c.cert, 'serverAuth'))
			.map((c) => ({
				file: c.path,
				message: `${c.base} may not be used as a TLS server: its extended key usage lists only ${ekuWords(c.cert)}.`,
				fix: `Issue ${c.base} again with extendedKeyUsage = serverAuth (elasticsearch-certutil http).`
			}));
	}
};

const KEY = 'Elasticsearch xpack.security.*.ssl.key / .certificate must be one pair; RFC 8446 §4.4.3';

export const lint: SystemLint = {
	rules: {
		'elasticsearch-transport': [
			transportEku,
			keyUsageRule('serverAuth'),
			...expiryRules(),
			keyMatchRule(KEY),
			hostsRule(leaves, VERIFY, 'node certificate'),
			chainRule(
				'any',
				`${EXTERNAL_CA}: the transport CA must be in xpack.security.transport.ssl.certificate_authorities`
			)
		],
		'elasticsearch-http': [
			httpEku,
			keyUsageRule('serverAuth'),
			...expiryRules(),
			keyMatchRule(KEY),
			hostsRule(
				leaves,
				'Elasticsearch docs, "Encrypt HTTP client communications": the HTTP certificate must name every address clients use'
			),
			chainRule('serverAuth', 'Kibana and REST clients verify the HTTP certificate against the CA they are given')
		]
	},
	kinds: { transport: ['elasticsearch-transport'], http: ['elasticsearch-http'] }
};
