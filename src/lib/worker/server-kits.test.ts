import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { defaultLab, labOutput } from '../pki/lab/definition';
import { getProfile } from '../pki/profiles';
import { x509 } from '../pki/x509';
import { centralModes } from '../testing/zip-entries';
import { issueBundle } from './issue-bundle';
import { labRequest } from './lab-request';
import type { FolderRequest } from './types';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'Kit Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
});

async function issue(profileId: string, folders: FolderRequest[]) {
	const issuers = [
		{
			role: 'ca',
			id: 'ca1',
			name: 'Kit Root',
			certificateDer: new Uint8Array(root.certificate.rawData),
			privateKey: root.keys.privateKey
		}
	];
	const bundle = await issueBundle(
		{ issuers, profileId, folders, zipName: 'kit.zip', output: { format: 'pem' } },
		{ deps, signal: new AbortController().signal, progress: () => {} }
	);
	const files = unzipSync(bundle.zip);
	const text = (path: string) => new TextDecoder().decode(files[path]);
	const modes = Object.fromEntries(
		centralModes(bundle.zip).map(([name, , mode]) => [name, (mode & 0o777).toString(8)])
	);
	return { text, modes };
}

/** What the single-server form sends: every kind with its fields' defaults, in the top folder. */
function singleForm(profileId: string): FolderRequest[] {
	const profile = getProfile(profileId);
	const leaves = Object.values(profile.kinds).map((kind) => ({
		profileId,
		kindId: kind.id,
		days: 90,
		keyAlgorithm: 'P-256' as const,
		input: Object.fromEntries(kind.fields.map((f) => [f.id, f.default]))
	}));
	return [{ folder: '', leaves }];
}

const ekus = (pem: string) =>
	new x509.X509Certificate(pem).getExtension(x509.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
const SERVER = '1.3.6.1.5.5.7.3.1';
const CLIENT = '1.3.6.1.5.5.7.3.2';

const PEM_KITS = [
	['nginx', 'nginx.conf'],
	['redis', 'redis.conf'],
	['mosquitto', 'mosquitto.conf']
] as const;

/** Each kit's config file, and the line that puts node3 on its own port (the kit's default + 2). */
const NODE3: Record<string, [string, string]> = {
	nginx: ['nginx.conf', 'listen 127.0.0.1:8445 ssl;'],
	haproxy: ['haproxy.cfg', 'bind "127.0.0.1:${LISTEN_PORT-9445}"'],
	redis: ['redis.conf', 'tls-port 6381'],
	mosquitto: ['mosquitto.conf', 'listener 8885 127.0.0.1']
};

describe('server kits, issued end to end', () => {
	test.each(PEM_KITS)('%s single-server bundle: files, modes and the config beside them', async (id, config) => {
		const { modes, text } = await issue(id, singleForm(id));
		expect(Object.entries(modes).sort()).toEqual(
			[
				['README.txt', '644'],
				['ca.crt', '644'],
				['server.crt', '644'],
				['server.key', '600'],
				['client.crt', '644'],
				['client.key', '600'],
				[config, '644'],
				[`start-${id}.sh`, '755']
			].sort()
		);
		expect(ekus(text('server.crt'))).toEqual([SERVER]);
		expect(ekus(text('client.crt'))).toEqual([CLIENT]);
		expect(text('README.txt')).toContain(`./start-${id}.sh`);
	});

	test('HAProxy: server.pem holds the chain and then the key, mode 0600, and there is no separate key', async () => {
		const { modes, text } = await issue('haproxy', singleForm('haproxy'));
		expect(Object.keys(modes).sort()).toEqual(
			['README.txt', 'ca.crt', 'client.crt', 'client.key', 'haproxy.cfg', 'server.pem', 'start-haproxy.sh'].sort()
		);
		expect(modes['server.pem']).toBe('600');
		const pem = text('server.pem');
		expect(pem.match(/-----BEGIN [A-Z ]+-----/g)).toEqual([
			'-----BEGIN CERTIFICATE-----',
			'-----BEGIN PRIVATE KEY-----'
		]);
		expect(ekus(pem)).toEqual([SERVER]);
		// The key is the certificate's: the public key WebCrypto derives from it equals the certificate's.
		const keyDer = Buffer.from(/-----BEGIN PRIVATE KEY-----([^-]+)-----/.exec(pem)?.[1] ?? '', 'base64');
		const key = await crypto.subtle.importKey('pkcs8', keyDer, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
		const jwk = await crypto.subtle.exportKey('jwk', key);
		const certKey = await new x509.X509Certificate(pem).publicKey.export(crypto);
		const certJwk = await crypto.subtle.exportKey('jwk', certKey);
		expect([jwk.x, jwk.y]).toEqual([certJwk.x, certJwk.y]);
	});

	test.each(['nginx', 'haproxy', 'redis', 'mosquitto'])(
		'%s lab of 3 localhost nodes: a config per node, client folder, 0755 start script',
		async (id) => {
			const lab = defaultLab(id, 397);
			const { folders } = labRequest(lab, 'Kit Root');
			expect(labOutput(lab, '')).toEqual({ format: 'pem' });
			const { modes, text } = await issue(id, folders);
			const [config, node3Port] = NODE3[id] ?? ['', ''];
			for (const node of ['node1', 'node2', 'node3']) {
				expect(modes[`${node}/`]).toBe('700');
				expect(modes[`${node}/${config}`]).toBe('644');
				expect(modes[`${node}/ca.crt`]).toBe('644');
			}
			expect(modes['client-client/client.key']).toBe('600');
			expect(modes[`start-${id}.sh`]).toBe('755');
			expect(modes['lab.json']).toBe('644');
			expect(text(`node3/${config}`)).toContain(node3Port);
			expect(text(`start-${id}.sh`)).toContain('serve "node3" "$((base + 2))" "node3"');
		}
	);
});
