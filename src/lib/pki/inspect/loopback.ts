import { hostIp } from '../verify/checks-usage';

/**
 * Names that only ever reach the machine itself: "localhost" and its subdomains (RFC 6761 §6.3),
 * 127.0.0.0/8 (RFC 1122 §3.2.1.3) and ::1 (RFC 4291 §2.5.3). A certificate that names only these
 * works for one machine and breaks as soon as a second machine dials it.
 */
export function isLoopback(host: string): boolean {
	const h = host.trim().toLowerCase().replace(/\.$/, '');
	if (h === 'localhost' || h.endsWith('.localhost')) return true;
	const ip = hostIp(h);
	if (!ip) return false;
	if (ip.length === 4) return ip[0] === 127;
	return ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** True when there is at least one host and every one of them is a loopback name or address. */
export const onlyLoopback = (hosts: readonly string[]) => hosts.length > 0 && hosts.every(isLoopback);

/** Why a loopback-only certificate fails in a cluster, in the words the inspector and the forms share. */
export const LOOPBACK_WHY =
	'other nodes dial this node by its address or name, and find neither in the certificate; add the address and the DNS name other machines use to reach it';

/**
 * The warning a form shows before it issues server or node certificates for the given hosts, or
 * undefined when none is due. Only multi-machine systems get it: a single-machine lab on localhost is fine.
 */
export function loopbackWarning(hosts: readonly string[], multiMachine: boolean): string | undefined {
	if (!multiMachine || !onlyLoopback(hosts)) return undefined;
	return `Only this machine's own names (${hosts.join(', ')}) are listed: ${LOOPBACK_WHY}. Keep localhost only for a single-machine test.`;
}

/**
 * The issuing-form fields whose hosts other members of a cluster dial: CockroachDB nodes dial each other
 * at the addresses in node.crt ("All IP addresses and DNS names for the node must be listed",
 * "Create Security Certificates using a Custom CA"); etcd members at their peer URLs (etcd docs,
 * "Transport security model"). By profile id, then field id.
 */
const PEER_DIALLED: Record<string, readonly string[]> = { cockroachdb: ['hosts'], etcd: ['memberHosts'] };

/** The warning under a form's hosts field, or undefined. */
export function formHostsWarning(profileId: string, fieldId: string, text: string): string | undefined {
	if (!PEER_DIALLED[profileId]?.includes(fieldId)) return undefined;
	return loopbackWarning(
		text.split(/[\s,]+/).filter((h) => h.length > 0),
		true
	);
}
