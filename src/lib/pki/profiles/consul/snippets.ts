import type { BundleSummary } from '../profile';

/** What a Consul agent TLS bundle says beside its certificates: a README and an agent .hcl per certificate. */

function agentHcl(cert: string, key: string): string {
	return `# Consul agent TLS (developer.hashicorp.com/consul/docs/secure/encryption/tls/enable/new/builtin)
tls {
  defaults {
    ca_file         = "/etc/consul.d/consul-agent-ca.pem"
    cert_file       = "/etc/consul.d/${cert}"
    key_file        = "/etc/consul.d/${key}"
    verify_incoming = true
    verify_outgoing = true
  }
  internal_rpc {
    verify_server_hostname = true
  }
}
`;
}

/** One agent configuration per server or client certificate, named after it. */
export function consulSnippets(summary: BundleSummary): { path: string; text: string }[] {
	// Beside the certificate it names: in a lab every server folder holds its own dc1-server-consul-0.
	const at = (folder: string, file: string) => (folder === '' ? file : `${folder}/${file}`);
	return summary.folders.flatMap((f) =>
		f.leaves
			.filter((l) => l.kindId !== 'cli')
			.map((l) => ({
				path: at(f.folder, l.files.cert.replace(/\.pem$/, '.hcl')),
				text: agentHcl(l.files.cert, l.files.key)
			}))
	);
}

export function consulReadme(summary: BundleSummary): string {
	const list = summary.folders
		.flatMap((f) => f.leaves.map((l) => `  ${l.files.cert.padEnd(28)} ${l.commonName}  (${l.sans.join(', ')})`))
		.join('\n');
	return `Consul agent TLS certificates issued by "${summary.caName}"
===========================================================

Laid out as \`consul tls ca create\` and \`consul tls cert create\` name them:

  consul-agent-ca.pem          the CA certificate every agent trusts (ca_file)
${list}

Each certificate has its key next to it (<name>-key.pem, mode 0600) and, for servers and clients,
an agent configuration <name>.hcl with the tls stanza. Copy the CA, the certificate, its key and the
.hcl file to /etc/consul.d/ on the agent and restart it.

The CA private key (consul-agent-ca-key.pem) is not in this zip: it stays sealed in the browser.
Export it from the CA's card only if you need to run \`consul tls cert create\` yourself.

Server certificates grant authority to become a server and read all cluster state, including ACL
tokens: give them only to server nodes (the warning consul tls cert create prints).

If your unzip tool dropped the file modes, restore them: chmod 600 *-key.pem
`;
}
