import { normalizeCockroachUsername } from '../names';
import { defineProfile, hostSans } from './profile';

/**
 * CockroachDB certs-dir, per "Create Security Certificates using a Custom CA"
 * (cockroachlabs.com/docs/stable/create-security-certificates-custom-ca) and the loader in
 * pkg/security/certificate_loader.go: fixed file names ca.crt, node.crt/.key, client.<user>.crt/.key,
 * ui.crt/.key; keys at most 0700.
 */
export const cockroachdb = defineProfile({
	id: 'cockroachdb',
	label: 'CockroachDB',
	source: 'https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca',
	// cockroach cert puts O=Cockroach in every subject (pkg/security/x509.go).
	organization: 'Cockroach',
	// cockroach cert's defaults: CA 10 × 366 days, certificates 5 × 366 days (pkg/cli/cert.go).
	defaults: { caDays: 3660, leafDays: 1830 },
	caCertFile: 'ca.crt',
	kinds: {
		node: {
			id: 'node',
			label: 'Node',
			purpose: 'node.crt: the node serves SQL, RPC and the DB Console and dials other nodes with it.',
			needsHosts: true,
			needsUsername: false,
			// "node.crt must have CN=node and the list of IP addresses and DNS names" (seed 001); it is
			// used both to accept and to make inter-node connections, so it carries both EKUs.
			extendedKeyUsage: ['serverAuth', 'clientAuth'],
			names: (input) => ({ commonName: 'node', sans: hostSans(input), certFile: 'node.crt', keyFile: 'node.key' })
		},
		client: {
			id: 'client',
			label: 'SQL client',
			purpose: 'client.<user>.crt: logs in to SQL as <user> with a certificate instead of a password.',
			needsHosts: false,
			needsUsername: true,
			// "Each client.<user>.crt must have CN=<user>" (seed 001); cockroach cert sets clientAuth only.
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const user = normalizeCockroachUsername(input.username ?? '');
				return { commonName: user, sans: [], certFile: `client.${user}.crt`, keyFile: `client.${user}.key` };
			}
		},
		ui: {
			id: 'ui',
			label: 'DB Console (UI)',
			purpose: 'ui.crt: served to browsers by the DB Console; its SANs are the addresses people type.',
			needsHosts: true,
			needsUsername: false,
			// cockroach's GenerateUIServerCert: CN = first host, serverAuth only.
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const sans = hostSans(input);
				return { commonName: sans[0]?.value ?? 'ui', sans, certFile: 'ui.crt', keyFile: 'ui.key' };
			}
		}
	},
	readme: ({ folders, caName }) => cockroachReadme(folders, caName)
});

function cockroachReadme(folders: string[], caName: string): string {
	const dirs = folders.length > 0 ? folders : ['.'];
	const where = dirs.length === 1 && dirs[0] === '.' ? 'this folder' : `each folder (${dirs.join(', ')})`;
	return `CockroachDB certificates issued by "${caName}"
==================================================

${where[0]?.toUpperCase()}${where.slice(1)} is a CockroachDB --certs-dir:

  ca.crt              the CA certificate every node and client trusts
  node.crt, node.key  the node's certificate (CN=node, serverAuth + clientAuth, its hosts as SANs)
  client.<user>.crt   a SQL client certificate (CN=<user>, clientAuth)
  client.<user>.key
  ui.crt, ui.key      the DB Console certificate, when one was issued

The CA private key is not in this zip: it stays sealed in the browser that issued these files.

Start a node
------------
  cockroach start --certs-dir=<folder> --advertise-addr=<one of node.crt's hosts> \\
    --join=<host1>,<host2>,<host3>
  cockroach init --certs-dir=<folder with client.root.crt> --host=<host1>

Connect as a SQL user
---------------------
  cockroach sql --certs-dir=<folder with client.<user>.crt> --user=<user> --host=<host>

File permissions
----------------
Private keys are stored with mode 0600 and folders with 0700: CockroachDB refuses a key that group or
others may read ("key file ... has permissions ..., exceeds -rwx------"; pkg/security/certificate_loader.go).
Info-ZIP unzip keeps these modes. If your unzip tool dropped them (Windows tools, Python's zipfile,
some GUIs), restore them before starting the node:

  chmod 700 <folder>
  chmod 600 <folder>/*.key
  chmod 644 <folder>/*.crt
`;
}
