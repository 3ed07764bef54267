import { singleUser } from './lab-common';
import { defineProfile, hostSans, subjectOf, type LabWriter, type LeafFiles, type Profile } from './profile';

/**
 * The common base of profiles that are one TLS server and its clients, each client folder holding one
 * identity (generic mutual TLS, PostgreSQL with client certificates). The server certificate names
 * its hosts as SANs, which is what RFC 6125 name checks read, and is serverAuth only; a client
 * certificate is clientAuth only, its CN the client's name. RFC 5280 §4.2.1.12: a verifier that checks
 * EKU refuses a certificate used for a purpose it does not list, so each carries exactly its own.
 */

/** The ids of the two fields: the server's hosts and the client's name (also the field a PkiError names). */
export interface MutualTlsFields {
	hosts: string;
	user: string;
}

export interface MutualTlsSpec extends Pick<Profile, 'id' | 'label' | 'source' | 'defaults'> {
	/** The CA certificate's file name in every folder. */
	caFile: string;
	fields: MutualTlsFields;
	server: {
		purpose: string;
		hostsLabel: string;
		/** The CN when no host is given. */
		fallbackCn: string;
		/** The names the server reads; server.crt and server.key when absent. */
		files?: LeafFiles;
	};
	client: {
		purpose: string;
		userLabel: string;
		defaultUser: string;
		/** The fixed names the client software reads. */
		files: LeafFiles;
		/** Why a folder holds one client only: the end of the message when several names are typed. */
		oneUser: string;
	};
	/** The lab form's label for the client names. */
	usersLabel: string;
}

export function mutualTlsProfile(spec: MutualTlsSpec): Profile {
	const { fields, server, client } = spec;
	const serverFiles = server.files ?? { cert: 'server.crt', key: 'server.key' };
	return defineProfile({
		id: spec.id,
		label: spec.label,
		source: spec.source,
		defaults: spec.defaults,
		caFiles: { ca: spec.caFile },
		caPlacement: 'each-folder',
		formats: ['pem'],
		kinds: {
			server: {
				id: 'server',
				label: serverFiles.keyInCert ? `Issue ${serverFiles.cert}` : `Issue ${serverFiles.cert} / ${serverFiles.key}`,
				purpose: server.purpose,
				selected: true,
				fields: [{ id: fields.hosts, label: server.hostsLabel, default: 'localhost, 127.0.0.1', multiline: true }],
				extendedKeyUsage: ['serverAuth'],
				names: (input) => {
					const sans = hostSans(input, fields.hosts);
					return {
						subject: subjectOf(sans[0]?.value ?? server.fallbackCn),
						sans,
						files: serverFiles
					};
				}
			},
			client: {
				id: 'client',
				label: `Issue ${client.files.cert} / ${client.files.key}`,
				purpose: client.purpose,
				selected: true,
				fields: [{ id: fields.user, label: client.userLabel, default: client.defaultUser }],
				extendedKeyUsage: ['clientAuth'],
				names: (input) => {
					const name = singleUser(input[fields.user] ?? '', fields.user, client.oneUser);
					return { subject: subjectOf(name), sans: [], files: client.files };
				}
			}
		},
		lab: {
			nodeKinds: ['server'],
			clientKind: 'client',
			// The client reads fixed file names (libpq: ~/.postgresql/postgresql.crt), so one folder per client.
			clientFolders: 'per-user',
			defaultUsers: client.defaultUser,
			usersLabel: spec.usersLabel
		}
	});
}

/** What a mutual-TLS lab issues: each node's hosts in the server's field, each client's name in the user field. */
export function mutualTlsLabInputs(fields: MutualTlsFields): Pick<LabWriter, 'nodeInput' | 'clientInput'> {
	return {
		nodeInput: (node) => ({ [fields.hosts]: node.hosts.join(', ') }),
		clientInput: (user) => ({ [fields.user]: user })
	};
}
