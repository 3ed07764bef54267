import { mutualTlsProfile } from './mutual-tls';
import { defineProfile, type BundleSummary, type Profile } from './profile';

/**
 * What the server kits (NATS, MariaDB, RabbitMQ) share: one server certificate and one client
 * certificate per folder, laid out the same way in the single-server bundle and in the lab, so a
 * README and a start script read the same file names in both.
 */

/** The files of a kit folder: the CA, the server's pair, a client's pair. */
export const KIT_FILES = {
	ca: 'ca.crt',
	cert: 'server.crt',
	key: 'server.key',
	clientCert: 'client.crt',
	clientKey: 'client.key'
} as const;

export interface KitSpec extends Pick<Profile, 'id' | 'label' | 'source' | 'lintTargets'> {
	/** The field ids of the server's hosts and the client's name. */
	fields: { hosts: string; user: string };
	serverPurpose: string;
	clientPurpose: string;
	clientLabel: string;
	defaultUser: string;
}

/** A server kit as a profile: the server certificate (serverAuth) and client certificates (clientAuth, CN = the user). */
export function kitProfile(spec: KitSpec): Profile {
	const profile = mutualTlsProfile({
		id: spec.id,
		label: spec.label,
		source: spec.source,
		defaults: { caDays: 3650, leafDays: 397 },
		caFile: KIT_FILES.ca,
		fields: spec.fields,
		server: {
			purpose: spec.serverPurpose,
			hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to',
			fallbackCn: spec.id
		},
		client: {
			purpose: spec.clientPurpose,
			userLabel: spec.clientLabel,
			defaultUser: spec.defaultUser,
			files: { cert: KIT_FILES.clientCert, key: KIT_FILES.clientKey },
			oneUser: 'one client.crt per folder; the lab makes a client-<name>/ folder per client.'
		},
		usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
	});
	return spec.lintTargets ? defineProfile({ ...profile, lintTargets: spec.lintTargets }) : profile;
}

/**
 * The single-server bundle (every file in one folder) holds the server certificate at its top; a
 * lab's leaves are all in node and client folders, and the lab writes its own configuration. So a
 * kit's snippets (its config file and start script) are written exactly for the single-server bundle.
 */
export function isSingleServer(summary: BundleSummary): boolean {
	return summary.folders.some((f) => f.folder === '' && f.leaves.some((l) => l.kindId === 'server'));
}

/** The client names of a summary's top folder (the single-server bundle's client.crt), for its README and script. */
export function topClients(summary: BundleSummary): string[] {
	return summary.folders
		.filter((f) => f.folder === '')
		.flatMap((f) => f.leaves.filter((l) => l.kindId === 'client').map((l) => l.commonName));
}
