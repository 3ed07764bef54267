import { subjectAltNames } from '../parse/extensions';
import type { CertificateItem, ParsedItem } from '../parse/types';
import { purposeSteps } from '../verify/checks-usage';
import { x509 } from '../x509';
import { isLoopback } from './loopback';

/**
 * Who is who in a drop, guessed from the names the tools give files (cockroach cert: node.crt,
 * client.<user>.crt; consul tls: *-server-*.pem; Kubernetes: tls.crt), so the handshake explainer
 * starts from the dropped files rather than from made-up values. The user can change every choice.
 */
export interface DropRoles {
	/** Item index of the certificate that serves. */
	server?: number;
	/** Item index of the certificate the client presents. */
	client?: number;
	/** The names the server certificate lists (DNS and IP SANs), non-loopback first. */
	hosts: string[];
	/** The host to dial by default: the first name the server certificate lists, a real one before localhost. */
	host?: string;
	/** The user the client logs in as: <user> of client.<user>.crt, else the client's CN. */
	user?: string;
}

export const baseName = (label: string) =>
	label.slice(Math.max(label.lastIndexOf('/'), label.lastIndexOf('›')) + 1).trim();
const folder = (label: string) => label.slice(0, Math.max(label.lastIndexOf('/'), label.lastIndexOf('›'), 0));
const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;
/** Whether the certificate's extended key usage allows the purpose, judged by the verifier's own rule. */
export const allows = (cert: x509.X509Certificate, purpose: 'serverAuth' | 'clientAuth') =>
	purposeSteps([{ cert, name: '', trusted: false }], purpose).every((s) => s.ok || s.check !== 'extKeyUsage');
const clientUser = (base: string) => /^client\.(.+)\.crt$/.exec(base)?.[1];

/** DNS and IP SANs of a certificate, real names before loopback ones. */
export function sanHosts(cert: x509.X509Certificate): string[] {
	const names = subjectAltNames(cert)
		.filter((n) => n.type === 'dns' || n.type === 'ip')
		.map((n) => n.value);
	return [...names.filter((n) => !isLoopback(n)), ...names.filter(isLoopback)];
}

export function dropRoles(items: readonly ParsedItem[]): DropRoles {
	const leaves = items
		.map((item, index) => ({ item, index }))
		.filter((x): x is { item: CertificateItem; index: number } => x.item.kind === 'certificate' && !isCa(x.item.cert));
	const named = (test: (base: string) => boolean) => leaves.filter((l) => test(baseName(l.item.label)));
	const server =
		named((b) => b === 'node.crt')[0] ??
		named((b) => /server|node|tls\.crt|http/.test(b)).find((l) => allows(l.item.cert, 'serverAuth')) ??
		leaves.find((l) => allows(l.item.cert, 'serverAuth') && sanHosts(l.item.cert).length > 0);
	const dir = server ? folder(server.item.label) : undefined;
	const users = named((b) => clientUser(b) !== undefined && b !== 'client.node.crt');
	const client =
		users.find((l) => folder(l.item.label) === dir) ??
		users[0] ??
		named((b) => b === 'client.node.crt')[0] ??
		named((b) => /client|cli/.test(b)).find((l) => l !== server) ??
		leaves.find((l) => l !== server && allows(l.item.cert, 'clientAuth')) ??
		server;
	const hosts = server ? sanHosts(server.item.cert) : [];
	const cn = server?.item.cert.subjectName.getField('CN')[0];
	const host = hosts[0] ?? (cn && /^[\w.-]+$/.test(cn) ? cn : undefined);
	const clientBase = client ? baseName(client.item.label) : undefined;
	const user =
		(clientBase ? clientUser(clientBase) : undefined) ?? client?.item.cert.subjectName.getField('CN')[0] ?? undefined;
	return {
		...(server ? { server: server.index } : {}),
		...(client ? { client: client.index } : {}),
		hosts,
		...(host ? { host } : {}),
		...(user ? { user } : {})
	};
}

/**
 * Why the chosen server certificate is also a client certificate, when it is: a CockroachDB node
 * dials the other nodes with node.crt unless client.node.crt sits beside it
 * (pkg/security/certificate_loader.go: NodePem is "possibly a combined server/client certificate for
 * user Node if a separate 'client.node.crt' is not present").
 */
export function serverDialsPeers(items: readonly ParsedItem[], server: number): string | undefined {
	const item = items[server];
	if (item?.kind !== 'certificate' || baseName(item.label) !== 'node.crt') return undefined;
	const dir = folder(item.label);
	const split = items.some(
		(i) => i.kind === 'certificate' && baseName(i.label) === 'client.node.crt' && folder(i.label) === dir
	);
	return split ? undefined : 'nodes dial each other with node.crt when no client.node.crt sits beside it';
}
