import { PkiError } from '../../errors';
import { agentUri, serviceUri, validateSpiffeSegment } from '../../spiffe';
import { defineProfile, type NamesContext } from '../profile';

/**
 * Consul service mesh (Connect) leaf certificates, as the built-in CA provider signs them
 * (hashicorp/consul agent/connect/ca/provider_consul.go Sign, agent/connect/csr.go;
 * https://developer.hashicorp.com/consul/docs/connect/ca):
 * no subject, the SPIFFE ID as the only name (so the SAN is critical, RFC 5280 §4.2.1.6),
 * clientAuth + serverAuth, LeafCertTTL 72h by default (provider_consul_config.go). The form counts
 * in days, so the default is 3. The chain (leaf + intermediate) is in the certificate file and the
 * root in connect-root-ca.pem.
 */

function trustDomain(context: NamesContext): string {
	if (!context.trustDomain) {
		throw new PkiError(
			'ca-not-connect',
			'Connect certificates need a Connect CA: one whose certificate carries spiffe://<cluster id>.consul. Create one with "Consul Connect CA" ticked, or an intermediate under it.',
			'form'
		);
	}
	return context.trustDomain;
}

export const consulConnect = defineProfile({
	id: 'consul-connect',
	label: 'Consul service mesh (Connect)',
	source: 'https://developer.hashicorp.com/consul/docs/connect/ca',
	// RootCertTTL 87600h (10 years), LeafCertTTL 72h.
	defaults: { caDays: 3650, leafDays: 3 },
	caFiles: { ca: 'connect-root-ca.pem' },
	caPlacement: 'top',
	formats: ['pem'],
	fields: [
		{ id: 'connectDc', label: 'Datacenter', default: 'dc1' },
		{ id: 'connectNs', label: 'Namespace (default outside Consul Enterprise)', default: 'default' }
	],
	kinds: {
		service: {
			id: 'service',
			label: 'Issue service certificates',
			purpose:
				'spiffe://<trust domain>/ns/<namespace>/dc/<dc>/svc/<service>: the identity a sidecar proxy presents in the mesh.',
			selected: true,
			fields: [{ id: 'services', label: 'Service names, one certificate each', default: 'web' }],
			repeatOver: 'services',
			extendedKeyUsage: ['clientAuth', 'serverAuth'],
			names: (input, context) => {
				const td = trustDomain(context);
				const service = validateSpiffeSegment(input.services ?? '', 'service name', 'services');
				const ns = validateSpiffeSegment(input.connectNs || 'default', 'namespace', 'connectNs');
				const dc = validateSpiffeSegment(input.connectDc || 'dc1', 'datacenter', 'connectDc');
				return {
					subject: [],
					sans: [{ type: 'uri', value: serviceUri(td, ns, dc, service) }],
					files: { cert: `${service}.pem`, key: `${service}-key.pem` }
				};
			}
		},
		agent: {
			id: 'agent',
			label: 'Issue agent certificates',
			purpose: 'spiffe://<trust domain>/agent/client/dc/<dc>/id/<node>: what auto-encrypt gives a client agent.',
			selected: false,
			fields: [{ id: 'agentNodes', label: 'Agent node names, one certificate each', default: 'client-1' }],
			repeatOver: 'agentNodes',
			extendedKeyUsage: ['clientAuth', 'serverAuth'],
			names: (input, context) => {
				const td = trustDomain(context);
				const node = validateSpiffeSegment(input.agentNodes ?? '', 'node name', 'agentNodes');
				const dc = validateSpiffeSegment(input.connectDc || 'dc1', 'datacenter', 'connectDc');
				return {
					subject: [],
					sans: [{ type: 'uri', value: agentUri(td, dc, node) }],
					files: { cert: `agent-${node}.pem`, key: `agent-${node}-key.pem` }
				};
			}
		}
	},
	lintTargets: [{ id: 'consul-connect', label: 'Consul Connect (service mesh, SPIFFE)' }]
});
