import { PkiError } from '../../errors';
import { normalizeCockroachUsername } from '../../names';
import { defineProfile, hostSans, subjectOf, type Rdn } from '../profile';

/**
 * CockroachDB certs-dir, per "Create Security Certificates using a Custom CA"
 * (https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca) and the loader in
 * pkg/security/certificate_loader.go: fixed file names ca.crt, ca-client.crt, node.crt/.key,
 * client.node.crt/.key, client.<user>.crt/.key, ui.crt/.key; keys at most 0700.
 */

/** cockroach cert puts O=Cockroach in every subject (pkg/security/x509.go). */
const ORG = 'Cockroach';

/**
 * A client certificate logs in as the SQL user of its CN (the custom-CA page: "Each client.<user>.crt
 * must have CN=<user>"), so a CSR signed as one must name a valid user, and not "node": CN=node is
 * the node user (pkg/security/username/username.go, NodeUser), which the nodes use between
 * themselves and which holds every privilege. client.node.crt is issued by its own kind, with a key
 * made here, for a node you set up.
 */
function clientCsrRefusal(subject: readonly Rdn[]): string | undefined {
	const cns = subject.filter((r) => r.attr === 'CN');
	if (cns.length !== 1 || !cns[0])
		return 'A CockroachDB client certificate needs exactly one CN: the SQL user it logs in as. Ask for a CSR with CN=<user>.';
	let user: string;
	try {
		user = normalizeCockroachUsername(cns[0].value, 'csr');
	} catch (error) {
		if (error instanceof PkiError)
			return `The CSR's CN is not a CockroachDB user name: ${error.message} Ask for a CSR with CN=<user>.`;
		throw error;
	}
	if (user === 'node')
		return (
			"CN=node is CockroachDB's node user, which every node uses to reach the others and which holds every " +
			'privilege: a client certificate for it would let its holder act as a node. Ask for a CSR with CN=<user> for a SQL ' +
			'user, or issue client.node.crt from the CockroachDB form for a node you set up.'
		);
	return undefined;
}

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
			refuseCsrSubject: clientCsrRefusal,
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
