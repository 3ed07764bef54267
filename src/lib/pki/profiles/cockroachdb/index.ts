import { normalizeCockroachUsername } from '../../names';
import { defineProfile, hostSans, subjectOf } from '../profile';

/**
 * CockroachDB certs-dir, per "Create Security Certificates using a Custom CA"
 * (https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca) and the loader in
 * pkg/security/certificate_loader.go: fixed file names ca.crt, ca-client.crt, node.crt/.key,
 * client.node.crt/.key, client.<user>.crt/.key, ui.crt/.key; keys at most 0700.
 */

/** cockroach cert puts O=Cockroach in every subject (pkg/security/x509.go). */
const ORG = 'Cockroach';

export const cockroachdb = defineProfile({
	id: 'cockroachdb',
	label: 'CockroachDB',
	source: 'https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca',
	// cockroach cert's defaults: CA 10 × 366 days, certificates 5 × 366 days (pkg/cli/cert.go).
	defaults: { caDays: 3660, leafDays: 1830 },
	// Split CA (the custom-CA page, "Split CA certificates"): ca-client.crt verifies client certificates, and
	// client.node.crt and every client.<user>.crt are signed by it.
	caFiles: { ca: 'ca.crt', client: 'ca-client.crt' },
	caRoleLabels: {
		client: 'Client CA (split CA): signs client.node.crt and client.<user>.crt, shipped as ca-client.crt'
	},
	caPlacement: 'each-folder',
	formats: ['pem'],
	kinds: {
		node: {
			id: 'node',
			label: 'Issue node.crt / node.key',
			purpose:
				'CN=node, serverAuth + clientAuth: the node serves SQL, RPC and the DB Console and dials other nodes with it.',
			selected: true,
			fields: [
				{
					id: 'hosts',
					label: 'Node hosts: DNS names and IP addresses, separated by commas, spaces or new lines',
					// Empty on purpose: the other nodes dial this one at its real address, so a loopback
					// default would make a certificate that fails as soon as a second machine joins.
					default: '',
					hint: 'The addresses and names the other nodes and clients dial, e.g. 10.0.0.5, node1.example.com (add localhost for local tools).',
					multiline: true
				}
			],
			// "node.crt must have CN=node and the list of IP addresses and DNS names" (the custom-CA page). Used to
			// accept and to make inter-node connections, so it carries both EKUs (cockroach cert does).
			extendedKeyUsage: ['serverAuth', 'clientAuth'],
			names: (input) => ({
				subject: subjectOf('node', ORG),
				sans: hostSans(input, 'hosts'),
				files: { cert: 'node.crt', key: 'node.key' }
			})
		},
		clientNode: {
			id: 'clientNode',
			label: 'Issue client.node.crt / client.node.key (split node certificates)',
			purpose:
				'CN=node, clientAuth: used to dial other nodes when node.crt may not carry CN=node (split node certificates).',
			selected: false,
			fields: [],
			issuerRole: 'client',
			extendedKeyUsage: ['clientAuth'],
			names: () => ({
				subject: subjectOf('node', ORG),
				sans: [],
				files: { cert: 'client.node.crt', key: 'client.node.key' }
			})
		},
		client: {
			id: 'client',
			label: 'Issue client.<user>.crt / client.<user>.key',
			purpose: 'CN=<user>, clientAuth: logs in to SQL as <user> with a certificate instead of a password.',
			selected: true,
			fields: [{ id: 'users', label: 'SQL users, separated by commas or spaces', default: 'root' }],
			repeatOver: 'users',
			issuerRole: 'client',
			// "Each client.<user>.crt must have CN=<user>" (the custom-CA page); cockroach cert sets clientAuth only.
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const user = normalizeCockroachUsername(input.users ?? '', 'users');
				return {
					subject: subjectOf(user, ORG),
					sans: [],
					files: { cert: `client.${user}.crt`, key: `client.${user}.key` }
				};
			}
		},
		ui: {
			id: 'ui',
			label: 'Issue ui.crt / ui.key',
			purpose: 'serverAuth: served to browsers by the DB Console; its SANs are the addresses people type.',
			selected: false,
			fields: [
				{ id: 'uiHosts', label: 'Addresses people type to reach the DB Console', default: 'localhost', multiline: true }
			],
			// cockroach's GenerateUIServerCert: CN = first host, serverAuth only.
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const sans = hostSans(input, 'uiHosts');
				return { subject: subjectOf(sans[0]?.value ?? 'ui', ORG), sans, files: { cert: 'ui.crt', key: 'ui.key' } };
			}
		}
	},
	lab: {
		nodeKinds: ['node'],
		clientKind: 'client',
		// A certs-dir holds any number of client.<user>.crt: one client/ folder.
		clientFolders: 'shared',
		defaultUsers: 'root',
		usersLabel: 'user names for client/client.<user>.crt (root runs cockroach init)'
	},
	lintTargets: [{ id: 'cockroachdb', label: 'CockroachDB' }]
});
