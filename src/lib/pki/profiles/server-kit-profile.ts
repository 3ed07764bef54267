import { mutualTlsProfile, type MutualTlsFields, type MutualTlsSpec } from './mutual-tls';
import type { Profile } from './profile';

/**
 * The profile of a server kit (server-kit.ts): a mutual-TLS pair whose client folders hold ca.crt,
 * client.crt and client.key, the names every kit's README and start script use.
 */
export interface KitProfileSpec extends Pick<MutualTlsSpec, 'id' | 'label' | 'source'> {
	server: { purpose: string; fallbackCn: string; files?: NonNullable<MutualTlsSpec['server']['files']> };
	clientPurpose: string;
}

/** The ids of a kit's two fields, which are also the fields its PkiErrors name. */
export function kitFields(id: string): MutualTlsFields {
	return { hosts: `${id}Hosts`, user: `${id}Client` };
}

export function kitProfile(spec: KitProfileSpec): Profile {
	return mutualTlsProfile({
		id: spec.id,
		label: spec.label,
		source: spec.source,
		defaults: { caDays: 3650, leafDays: 397 },
		caFile: 'ca.crt',
		fields: kitFields(spec.id),
		server: { ...spec.server, hostsLabel: 'Server hosts: DNS names and IP addresses clients connect to' },
		client: {
			purpose: spec.clientPurpose,
			userLabel: 'Client name (CN)',
			defaultUser: 'client',
			files: { cert: 'client.crt', key: 'client.key' },
			oneUser: 'one client.crt per folder; the lab makes a folder per client.'
		},
		usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
	});
}
