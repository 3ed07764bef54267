import { PkiError } from '../../errors';
import { checkName } from '../../name-policy';
import { parseHost, splitList, validateDnsName, type SubjectAltName } from '../../names';
import { defineProfile, type LeafInput, type LeafNames } from '../profile';

/**
 * Consul agent TLS, as `consul tls ca create` and `consul tls cert create -server|-client|-cli`
 * make it (hashicorp/consul command/tls/cert/create/tls_cert_create.go, tlsutil/generate.go;
 * docs: developer.hashicorp.com/consul/commands/tls/cert): the same file names, subjects, SAN
 * lists in the same order and EKUs, so our zip can replace theirs. Differences, on purpose: keys
 * are PKCS#8 "PRIVATE KEY" (Go's tls.X509KeyPair, which the agent uses, reads it as well as SEC1),
 * the leaf keyUsage is digitalSignature (+ keyEncipherment for RSA) per RFC 5480, and SKI/AKI are
 * the standard SHA-1 key ids rather than Consul's colon-hex SHA-256 text.
 */

function dcDomain(input: LeafInput): { dc: string; domain: string } {
	const dc = (input.dc ?? '').trim() || 'dc1';
	const domain = (input.domain ?? '').trim() || 'consul';
	checkName('consul', 'datacenter', dc, 'dc');
	return { dc: dc.toLowerCase(), domain: validateDnsName(domain, 'domain') };
}

/** -additional-dnsname and -additional-ipaddress, typed in two shared fields. */
function additional(input: LeafInput): { dns: string[]; ips: string[] } {
	const dns = splitList(input.additionalDns ?? '').map((d) => {
		const san = parseHost(d, 'additionalDns');
		if (san.type !== 'dns')
			throw new PkiError('host-invalid', `"${d}" is an IP address: put it in the IP addresses field.`, 'additionalDns');
		return san.value;
	});
	const ips = splitList(input.additionalIps ?? '').map((ip) => {
		const san = parseHost(ip, 'additionalIps');
		if (san.type !== 'ip') throw new PkiError('ip-invalid', `"${ip}" is not an IP address.`, 'additionalIps');
		return san.value;
	});
	return { dns, ips };
}

const dnsSans = (names: string[]): SubjectAltName[] => names.map((value) => ({ type: 'dns', value }));
const ipSans = (ips: string[]): SubjectAltName[] => ips.map((value) => ({ type: 'ip', value }));

/** "<dc>-<role>-<domain>-<n>.pem" and "...-<n>-key.pem"; consul picks the first free n, we number per request. */
function files(prefix: string, index: number): LeafNames['files'] {
	return { cert: `${prefix}-${index}.pem`, key: `${prefix}-${index}-key.pem` };
}

export const consul = defineProfile({
	id: 'consul',
	label: 'Consul agent TLS',
	source: 'https://developer.hashicorp.com/consul/commands/tls/cert',
	// consul tls ca create -days 1825; consul tls cert create -days 365.
	defaults: { caDays: 1825, leafDays: 365 },
	caFiles: { ca: 'consul-agent-ca.pem' },
	caPlacement: 'top',
	formats: ['pem'],
	fields: [
		{ id: 'dc', label: 'Datacenter (-dc)', default: 'dc1' },
		{ id: 'domain', label: 'Domain (-domain)', default: 'consul' },
		{ id: 'additionalDns', label: 'Additional DNS names (-additional-dnsname), separated by commas', default: '' },
		{ id: 'additionalIps', label: 'Additional IP addresses (-additional-ipaddress), separated by commas', default: '' }
	],
	kinds: {
		server: {
			id: 'server',
			label: 'Issue server certificates (consul tls cert create -server -node <node>)',
			purpose:
				'CN=server.<dc>.<domain>, serverAuth + clientAuth. Grants full authority over the cluster: give it only to server nodes.',
			selected: true,
			fields: [
				{ id: 'serverNodes', label: 'Server node names (-node), one certificate each', default: 'consul-server-0' }
			],
			repeatOver: 'serverNodes',
			extendedKeyUsage: ['serverAuth', 'clientAuth'],
			names: (input, { index }) => {
				const { dc, domain } = dcDomain(input);
				const extra = additional(input);
				const node = validateDnsName(
					checkName('consul', 'node', input.serverNodes ?? '', 'serverNodes'),
					'serverNodes'
				);
				const name = `server.${dc}.${domain}`;
				// tls_cert_create.go: DNS = additional…, <node>.server.<dc>.<domain>, server.<dc>.<domain>, localhost; IP = additional…, 127.0.0.1.
				return {
					subject: [{ attr: 'CN', value: name }],
					sans: [
						...dnsSans([...extra.dns, `${node}.${name}`, name, 'localhost']),
						...ipSans([...extra.ips, '127.0.0.1'])
					],
					files: files(`${dc}-server-${domain}`, index)
				};
			}
		},
		client: {
			id: 'client',
			label: 'Issue a client certificate (consul tls cert create -client)',
			purpose:
				'CN=client.<dc>.<domain>, clientAuth + serverAuth: for client agents when certificates are distributed by hand.',
			selected: true,
			fields: [],
			extendedKeyUsage: ['clientAuth', 'serverAuth'],
			names: (input, { index }) => {
				const { dc, domain } = dcDomain(input);
				const extra = additional(input);
				const name = `client.${dc}.${domain}`;
				return {
					subject: [{ attr: 'CN', value: name }],
					sans: [...dnsSans([...extra.dns, name, 'localhost']), ...ipSans([...extra.ips, '127.0.0.1'])],
					files: files(`${dc}-client-${domain}`, index)
				};
			}
		},
		cli: {
			id: 'cli',
			label: 'Issue a CLI certificate (consul tls cert create -cli)',
			purpose: 'CN=cli.<dc>.<domain>, no extended key usage: for the consul CLI and HTTP API clients.',
			selected: false,
			fields: [],
			extendedKeyUsage: [],
			names: (input, { index }) => {
				const { dc, domain } = dcDomain(input);
				const extra = additional(input);
				const name = `cli.${dc}.${domain}`;
				// consul replaces the DNS list for -cli (additional DNS names are dropped) and adds no 127.0.0.1.
				return {
					subject: [{ attr: 'CN', value: name }],
					sans: [...dnsSans([name, 'localhost']), ...ipSans(extra.ips)],
					files: files(`${dc}-cli-${domain}`, index)
				};
			}
		}
	},
	lab: {
		nodeKinds: ['server'],
		clientKind: 'client',
		// A client agent certificate is the same for every client (CN=client.dc1.consul): one folder per agent.
		clientFolders: 'per-user',
		defaultUsers: 'agent-1',
		usersLabel: 'client agents, one client-<name>/ folder each'
	},
	lintTargets: [{ id: 'consul-agent', label: 'Consul agent TLS (RPC, verify_incoming/outgoing)' }]
});
