import { parseHosts, splitList } from '../../names';
import { plainUser } from '../lab-common';
import { defineProfile, subjectOf } from '../profile';

/**
 * etcd transport security, per the etcd v3.4 security guide (etcd.io/docs/v3.4/op-guide/security/):
 * --cert-file/--key-file and --trusted-ca-file with --client-cert-auth for clients,
 * --peer-cert-file/--peer-key-file and --peer-trusted-ca-file with --peer-client-cert-auth for members.
 */

export const etcd = defineProfile({
	id: 'etcd',
	label: 'etcd',
	source: 'https://etcd.io/docs/v3.4/op-guide/security/',
	defaults: { caDays: 3650, leafDays: 825 },
	caFiles: { ca: 'ca.crt' },
	caPlacement: 'each-folder',
	formats: ['pem'],
	kinds: {
		member: {
			id: 'member',
			label: 'Issue member.crt / member.key',
			purpose: 'serverAuth + clientAuth: the member serves clients and peers, and dials its peers with it.',
			selected: true,
			fields: [
				{ id: 'memberName', label: 'Member name (etcd --name)', default: 'etcd1' },
				{
					id: 'memberHosts',
					label: 'Hosts of every member: DNS names and IP addresses, separated by commas, spaces or new lines',
					hint: 'Peers check the certificate a member presents against the address they dialled, so one list of all members keeps any member valid at any address.',
					default: 'localhost, 127.0.0.1',
					multiline: true
				}
			],
			// Peer TLS is mutual (--peer-client-cert-auth): the same certificate is a server to the
			// peers that dial it and a client when it dials them, so it needs both EKUs. The v3.4 gRPC
			// gateway also dials the client port with --cert-file, which then needs clientAuth too
			// (security guide, "Notes for TLS authentication").
			extendedKeyUsage: ['serverAuth', 'clientAuth'],
			names: (input) => {
				const name = plainUser(input.memberName ?? '', 'memberName');
				return {
					subject: subjectOf(name, 'etcd'),
					sans: parseHosts(input.memberHosts ?? '', 'memberHosts'),
					files: { cert: 'member.crt', key: 'member.key' }
				};
			}
		},
		client: {
			id: 'client',
			label: 'Issue client.<user>.crt / client.<user>.key',
			purpose:
				'CN=<user>, clientAuth: etcdctl and applications present it; with auth enabled etcd takes the CN as the user name.',
			selected: true,
			fields: [{ id: 'etcdUsers', label: 'Client users, separated by commas or spaces', default: 'root' }],
			repeatOver: 'etcdUsers',
			// "the common name of the client certificate is used as the user name" (security guide,
			// "Using TLS common name"); clientAuth only, as etcd's own tls-setup makes client certs.
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const user = plainUser(splitList(input.etcdUsers ?? '')[0] ?? '', 'etcdUsers');
				return {
					subject: subjectOf(user, 'etcd'),
					sans: [],
					files: { cert: `client.${user}.crt`, key: `client.${user}.key` }
				};
			}
		}
	},
	lab: {
		nodeKinds: ['member'],
		clientKind: 'client',
		clientFolders: 'shared',
		defaultUsers: 'root',
		usersLabel: 'user names for client/client.<user>.crt'
	}
});
