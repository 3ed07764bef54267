import type { BundleSummary } from '../profile';

/**
 * README.txt of a CockroachDB bundle: the certs-dir layout and the commands that read it
 * (https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca).
 */
export function cockroachReadme(summary: BundleSummary): string {
	const named = summary.folders.map((f) => f.folder).filter((f) => f !== '');
	const where = named.length === 0 ? 'This folder is' : `Each folder (${named.join(', ')}) is`;
	const split = summary.roles.includes('client')
		? '  ca-client.crt       the client CA: it signed client.node.crt and every client.<user>.crt (split CA)\n'
		: '';
	return `CockroachDB certificates issued by "${summary.caName}"
==================================================

${where} a CockroachDB --certs-dir:

  ca.crt              the CA certificate every node and client trusts
${split}  node.crt, node.key  the node's certificate (CN=node, its hosts as SANs)
  client.node.crt     the node's outgoing certificate when node certificates are split (CN=node)
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
