import { parseHosts } from '../names';
import { singleUser } from './lab-common';
import { defineProfile, subjectOf } from './profile';

/**
 * A generic mutual-TLS pair for software without a profile of its own: a server certificate
 * (serverAuth, its hosts as SANs, which is what RFC 6125 name checks read) and a client certificate
 * (clientAuth). RFC 5280 §4.2.1.12: a verifier that checks EKU refuses a certificate used for a
 * purpose it does not list, so each carries exactly its own.
 */

export const mtls = defineProfile({
	id: 'mtls',
	label: 'Generic mutual TLS (server + client)',
	source: 'https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.12',
	defaults: { caDays: 3650, leafDays: 397 },
	caFiles: { ca: 'ca.crt' },
	caPlacement: 'each-folder',
	formats: ['pem'],
	kinds: {
		server: {
			id: 'server',
			label: 'Issue server.crt / server.key',
			purpose: 'serverAuth: clients check the host they dialled against its SANs.',
			selected: true,
			fields: [
				{
					id: 'serverHosts',
					label: 'Server hosts: DNS names and IP addresses',
					default: 'localhost, 127.0.0.1',
					multiline: true
				}
			],
			extendedKeyUsage: ['serverAuth'],
			names: (input) => {
				const sans = parseHosts(input.serverHosts ?? '', 'serverHosts');
				return {
					subject: subjectOf(sans[0]?.value ?? 'server'),
					sans,
					files: { cert: 'server.crt', key: 'server.key' }
				};
			}
		},
		client: {
			id: 'client',
			label: 'Issue client.crt / client.key',
			purpose: 'clientAuth: the server accepts it when it chains to this CA; the CN names the client.',
			selected: true,
			fields: [{ id: 'clientName', label: 'Client name (CN)', default: 'client' }],
			extendedKeyUsage: ['clientAuth'],
			names: (input) => {
				const name = singleUser(
					input.clientName ?? '',
					'clientName',
					'one client.crt per folder; the lab makes a folder per client.'
				);
				return { subject: subjectOf(name), sans: [], files: { cert: 'client.crt', key: 'client.key' } };
			}
		}
	},
	lab: {
		nodeKinds: ['server'],
		clientKind: 'client',
		clientFolders: 'per-user',
		defaultUsers: 'client',
		usersLabel: 'client names, one client-<name>/ folder each (CN = the name)'
	}
});
