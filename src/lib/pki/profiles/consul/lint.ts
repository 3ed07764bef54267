import { allows, chainRule, eachCert, ekus, ekuWords, expiryRules, keyMatchRule, leaves } from '../../lint/common';
import type { LintCert, LintRule, SystemLint } from '../../lint/types';
import { subjectAltNames } from '../../parse/extensions';

/**
 * What Consul agents enforce on the certificates they use for RPC between them, as `consul tls cert
 * create` makes them (hashicorp/consul tlsutil/generate.go, command/tls/cert/create) and the agent's tls
 * settings (https://developer.hashicorp.com/consul/docs/reference/agent/configuration-file/tls).
 */

const TLSUTIL = 'hashicorp/consul tlsutil/generate.go (consul tls cert create)';

const dnsSans = (c: LintCert) =>
	subjectAltNames(c.cert)
		.filter((s) => s.type === 'dns')
		.map((s) => s.value.toLowerCase());
/** consul tls names server certificates <dc>-server-<domain>-<n>.pem with CN server.<dc>.<domain>. */
const looksLikeServer = (c: LintCert) => !c.isCa && (/^server\./i.test(c.cn) || /-server-/.test(c.base));
const SERVER_NAME = /^server\.[a-z0-9-]+\.[a-z0-9.-]+$/;

/** Agents use one certificate for incoming (verify_incoming) and outgoing (verify_outgoing) RPC. */
const agentEku: LintRule = {
	id: 'consul-agent-eku',
	title: 'Agent certificates: EKU must be absent or contain both serverAuth and clientAuth',
	source: `${TLSUTIL} sets ExtKeyUsageServerAuth and ExtKeyUsageClientAuth; Consul docs, tls.internal_rpc.verify_incoming / verify_outgoing`,
	severity: 'error',
	check: eachCert(leaves, (c) =>
		ekus(c.cert) === undefined || (allows(c.cert, 'serverAuth') && allows(c.cert, 'clientAuth'))
			? undefined
			: {
					file: c.path,
					message: `${c.base}'s extended key usage lists only ${ekuWords(c.cert)}: an agent both accepts and makes RPC connections with it.`,
					fix: `Issue ${c.base} again with extendedKeyUsage = serverAuth, clientAuth (consul tls cert create does).`
				}
	)
};

/** verify_server_hostname makes agents check that servers present server.<datacenter>.<domain>. */
const serverName: LintRule = {
	id: 'consul-server-name',
	title: 'Server certificates must carry the DNS SAN server.<datacenter>.<domain>',
	source: `Consul docs, tls.internal_rpc.verify_server_hostname; ${TLSUTIL} (-server adds server.<dc>.<domain>)`,
	severity: 'error',
	check: eachCert(
		(i) => i.certs.filter(looksLikeServer),
		(c) => {
			const expected = SERVER_NAME.test(c.cn.toLowerCase()) ? c.cn.toLowerCase() : undefined;
			const ok = expected ? dnsSans(c).includes(expected) : dnsSans(c).some((d) => SERVER_NAME.test(d));
			return ok
				? undefined
				: {
						file: c.path,
						message: `${c.base} has no DNS SAN ${expected ?? 'server.<datacenter>.<domain>'}; with verify_server_hostname, agents refuse to talk to this server.`,
						fix: `Issue it again with consul tls cert create -server -dc <dc> -domain <domain> (it adds ${expected ?? 'server.<dc>.<domain>'}).`
					};
		}
	)
};

export const lint: SystemLint = {
	rules: {
		'consul-agent': [
			agentEku,
			serverName,
			...expiryRules(),
			keyMatchRule('Consul tls.defaults.cert_file / key_file must be one pair; RFC 8446 §4.4.3'),
			chainRule(
				'any',
				'Consul tls.defaults.ca_file: agents verify each other against it (verify_incoming, verify_outgoing)'
			)
		]
	},
	kinds: { server: ['consul-agent'], client: ['consul-agent'], cli: ['consul-agent'] }
};
