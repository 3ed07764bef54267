import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { connectCaConfiguration, connectRootId, connectRootsDocument } from '../export/consul-connect';
import { pem } from '../pki/der/pem';
import { readZip } from '../pki/parse/zip';
import { DEFAULT_LIMITS } from '../pki/parse';
import { x509 } from '../pki/x509';
import { lent, testContext, testIntermediateCa, testRootCa } from '../testing/worker-cas';
import { operations } from './operations';
import type { CreatedCa, UnlockedCa } from './types';

const ctx = testContext(new Date('2026-03-01T12:00:00.400Z'));
const { deps } = ctx;
const TD = '11111111-2222-3333-4444-555555555555.consul';
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const pemCount = (s: string) => (s.match(/BEGIN CERTIFICATE/g) ?? []).length;
const firstCert = (s: string) => new x509.X509Certificate(s.slice(0, s.indexOf('-----END CERTIFICATE-----') + 25));

let agentCa: CreatedCa;
let connectRoot: CreatedCa;
let connectInter: CreatedCa;
beforeAll(async () => {
	agentCa = await testRootCa(ctx, {
		id: 'a',
		name: 'Consul Agent CA',
		days: 1825,
		options: { nameConstraints: { dns: ['consul', 'localhost'] } }
	});
	connectRoot = await testRootCa(ctx, {
		id: 'r',
		name: 'Consul CA',
		days: 3650,
		options: { uris: [`spiffe://${TD}`], nameConstraints: { dns: [TD], uri: [TD] } }
	});
	connectInter = await testIntermediateCa(ctx, connectRoot, {
		id: 'i',
		name: 'Consul CA Intermediate',
		days: 365,
		options: { pathLen: 0, uris: [`spiffe://${TD}`] }
	});
});

async function issue(
	profileId: string,
	issuer: UnlockedCa,
	leaves: { kindId: string; input: Record<string, string>; index?: number; days?: number }[]
) {
	const bundle = await operations.issueBundle(
		{
			issuers: [issuer],
			profileId,
			folders: [
				{ folder: '', leaves: leaves.map((l) => ({ profileId, keyAlgorithm: 'P-256', days: l.days ?? 365, ...l })) }
			],
			zipName: 'z.zip',
			output: { format: 'pem' }
		},
		ctx
	);
	const entries = readZip(bundle.zip, 'z.zip', DEFAULT_LIMITS).entries;
	return { bundle, entries, file: (p: string) => text(entries.find((e) => e.path === p)!.bytes) };
}

describe('Consul agent TLS bundle', () => {
	test('file names, modes, subjects, SANs in consul order, EKUs and the agent snippets', async () => {
		const shared = { dc: 'dc2', domain: 'consul', additionalDns: 'consul.example.test', additionalIps: '10.0.0.5' };
		const { entries, file } = await issue('consul', lent(agentCa, 'a', 'Consul Agent CA'), [
			{ kindId: 'server', input: { ...shared, serverNodes: 'alpha' }, index: 0 },
			{ kindId: 'server', input: { ...shared, serverNodes: 'beta' }, index: 1 },
			{ kindId: 'client', input: shared },
			{ kindId: 'cli', input: shared }
		]);
		expect(entries.map((e) => [e.path, e.mode?.toString(8)])).toEqual([
			['README.txt', '644'],
			['consul-agent-ca.pem', '644'],
			['dc2-server-consul-0.pem', '644'],
			['dc2-server-consul-0-key.pem', '600'],
			['dc2-server-consul-1.pem', '644'],
			['dc2-server-consul-1-key.pem', '600'],
			['dc2-client-consul-0.pem', '644'],
			['dc2-client-consul-0-key.pem', '600'],
			['dc2-cli-consul-0.pem', '644'],
			['dc2-cli-consul-0-key.pem', '600'],
			['dc2-server-consul-0.hcl', '644'],
			['dc2-server-consul-1.hcl', '644'],
			['dc2-client-consul-0.hcl', '644'],
			['kubernetes/consul-secrets.yaml', '600'],
			['kubernetes/consul-values.yaml', '644']
		]);
		// Subject, SANs in order and EKUs (absent: null) of each agent certificate, as consul tls writes them.
		const described = (path: string) => {
			const cert = firstCert(file(path));
			return {
				subject: cert.subject,
				sans: cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => `${n.type}:${n.value}`),
				eku: cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? null
			};
		};
		const [serverAuth, clientAuth] = ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'];
		expect(described('dc2-server-consul-1.pem')).toEqual({
			subject: 'CN=server.dc2.consul',
			sans: [
				'dns:consul.example.test',
				'dns:beta.server.dc2.consul',
				'dns:server.dc2.consul',
				'dns:localhost',
				'ip:10.0.0.5',
				'ip:127.0.0.1'
			],
			eku: [serverAuth, clientAuth]
		});
		expect(described('dc2-client-consul-0.pem')).toEqual({
			subject: 'CN=client.dc2.consul',
			sans: ['dns:consul.example.test', 'dns:client.dc2.consul', 'dns:localhost', 'ip:10.0.0.5', 'ip:127.0.0.1'],
			eku: [clientAuth, serverAuth]
		});
		expect(described('dc2-cli-consul-0.pem')).toEqual({
			subject: 'CN=cli.dc2.consul',
			sans: ['dns:cli.dc2.consul', 'dns:localhost', 'ip:10.0.0.5'],
			eku: null
		});
		// A root issuer: the certificate file is the leaf alone and the CA file is the root.
		expect(pemCount(file('dc2-server-consul-0.pem'))).toBe(1);
		expect(file('consul-agent-ca.pem')).toBe(`${pem(agentCa.certificateDer, 'CERTIFICATE')}\n`);
		expect(file('dc2-server-consul-0.hcl')).toContain('cert_file       = "/etc/consul.d/dc2-server-consul-0.pem"');
		expect(file('dc2-server-consul-0.hcl')).toMatch(
			/verify_incoming = true[\s\S]*internal_rpc \{\n {4}verify_server_hostname = true/
		);
	});

	test('a bad node name is refused next to its field', async () => {
		const err = await issue('consul', lent(agentCa, 'a', 'A'), [
			{ kindId: 'server', input: { serverNodes: 'bad_node' } }
		]).catch((e) => e);
		expect(err).toMatchObject({ code: 'host-invalid', field: 'serverNodes' });
	});
});

describe('Consul Connect', () => {
	const issuer = (): UnlockedCa =>
		lent(connectInter, 'i', 'Consul CA Intermediate', { chainDer: [connectRoot.certificateDer] });

	test('the root carries spiffe://<td> and a critical DNS + URI constraint on the trust domain; the intermediate pathLen 0', () => {
		const root = new x509.X509Certificate(connectRoot.certificateDer);
		const dir = mkdtempSync(join(tmpdir(), 'connect-'));
		writeFileSync(join(dir, 'root.pem'), pem(connectRoot.certificateDer, 'CERTIFICATE'));
		const out = execFileSync('openssl', ['x509', '-in', join(dir, 'root.pem'), '-noout', '-text'], {
			encoding: 'utf8'
		});
		expect(out).toContain(`URI:spiffe://${TD}`);
		expect(out).toMatch(new RegExp(`Name Constraints: critical\\s+Permitted:\\s+DNS:${TD}\\s+URI:${TD}`));
		expect(root.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBeUndefined();
		const inter = new x509.X509Certificate(connectInter.certificateDer);
		expect(inter.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
		expect(inter.issuer).toBe(root.subject);
	});

	test('service and agent leaves: empty subject, critical URI SAN, both EKUs, 3 days, chain in the cert file, root in the CA file', async () => {
		const { entries, file } = await issue('consul-connect', issuer(), [
			{ kindId: 'service', input: { services: 'web', connectNs: 'default', connectDc: 'dc1' }, days: 3 },
			{ kindId: 'agent', input: { agentNodes: 'node-1', connectDc: 'dc1' }, days: 3 }
		]);
		expect(entries.map((e) => [e.path, e.mode?.toString(8)])).toEqual([
			['README.txt', '644'],
			['connect-root-ca.pem', '644'],
			['web.pem', '644'],
			['web-key.pem', '600'],
			['agent-node-1.pem', '644'],
			['agent-node-1-key.pem', '600']
		]);
		const web = file('web.pem');
		expect(pemCount(web)).toBe(2);
		expect(web.endsWith(`${pem(connectInter.certificateDer, 'CERTIFICATE')}\n`)).toBe(true);
		expect(file('connect-root-ca.pem')).toBe(`${pem(connectRoot.certificateDer, 'CERTIFICATE')}\n`);
		const leaf = firstCert(web);
		expect(leaf.subject).toBe('');
		const san = leaf.getExtension(x509.SubjectAlternativeNameExtension);
		expect(san?.critical).toBe(true);
		expect(san?.names.items.map((n) => n.value)).toEqual([`spiffe://${TD}/ns/default/dc/dc1/svc/web`]);
		expect(leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
			'1.3.6.1.5.5.7.3.2',
			'1.3.6.1.5.5.7.3.1'
		]);
		expect(leaf.notAfter).toEqual(new Date('2026-03-04T12:00:00Z'));
		const agent = firstCert(file('agent-node-1.pem'));
		expect(agent.getExtension(x509.SubjectAlternativeNameExtension)?.names.items[0]?.value).toBe(
			`spiffe://${TD}/agent/client/dc/dc1/id/node-1`
		);
	});

	test('a CA without a trust domain cannot issue Connect leaves', async () => {
		const err = await issue('consul-connect', lent(agentCa, 'a', 'A'), [
			{ kindId: 'service', input: { services: 'web' } }
		]).catch((e) => e);
		expect(err).toMatchObject({ code: 'ca-not-connect', field: 'form' });
	});

	test("roots document and CA configuration are shaped like Consul's", async () => {
		const doc = connectRootsDocument(connectRoot.certificateDer, 'Consul CA', [connectInter.certificateDer]);
		const json = JSON.parse(doc);
		const id = connectRootId(connectRoot.certificateDer);
		expect(id).toMatch(/^([0-9a-f]{2}:){19}[0-9a-f]{2}$/);
		const root = new x509.X509Certificate(connectRoot.certificateDer);
		expect(id.replace(/:/g, '')).toBe(Buffer.from(await root.getThumbprint('SHA-1', deps.crypto)).toString('hex'));
		expect(Object.keys(json)).toEqual(['ActiveRootID', 'TrustDomain', 'Roots']);
		expect(json.ActiveRootID).toBe(id);
		expect(json.TrustDomain).toBe(TD);
		const r = json.Roots[0];
		expect(r).toMatchObject({
			ID: id,
			Name: 'Consul CA',
			Active: true,
			PrivateKeyType: 'ec',
			PrivateKeyBits: 256,
			NotBefore: '2026-03-01T11:00:00Z'
		});
		expect(r.SigningKeyID.replace(/:/g, '')).toBe(root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
		expect(doc).toMatch(/"SerialNumber": \d+,/);
		expect(BigInt(doc.match(/"SerialNumber": (\d+)/)![1]!)).toBe(
			BigInt(`0x${root.serialNumber}`) & 0xffffffffffffffffn
		);
		expect(r.RootCert).toBe(`${pem(connectRoot.certificateDer, 'CERTIFICATE')}\n`);
		expect(r.IntermediateCerts).toHaveLength(1);
		const noKey = JSON.parse(
			connectCaConfiguration({
				rootDer: connectRoot.certificateDer,
				leafCertTtlHours: 72,
				intermediateCertTtlHours: 8760
			})
		);
		expect(noKey).toEqual({
			Provider: 'consul',
			Config: { RootCert: r.RootCert, LeafCertTTL: '72h', IntermediateCertTTL: '8760h' }
		});
	});

	test('exportCaKey opens the seal extractable and writes SEC1 EC PRIVATE KEY that openssl matches to the certificate', async () => {
		const { pem: keyPem } = await operations.exportCaKey(
			{ caId: 'r', keyAlgorithm: 'P-256', sealedKey: connectRoot.sealedKey, passphrase: 'p' },
			ctx
		);
		expect(keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
		const dir = mkdtempSync(join(tmpdir(), 'key-'));
		writeFileSync(join(dir, 'k.pem'), keyPem);
		writeFileSync(join(dir, 'c.pem'), pem(connectRoot.certificateDer, 'CERTIFICATE'));
		const fromKey = execFileSync('openssl', ['ec', '-in', join(dir, 'k.pem'), '-pubout'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		});
		const fromCert = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-pubkey'], {
			encoding: 'utf8'
		});
		expect(fromKey).toBe(fromCert);
		expect(execFileSync('openssl', ['asn1parse', '-in', join(dir, 'k.pem')], { encoding: 'utf8' })).toContain(
			'prime256v1'
		);
		const wrong = await operations
			.exportCaKey({ caId: 'r', keyAlgorithm: 'P-256', sealedKey: connectRoot.sealedKey, passphrase: 'nope' }, ctx)
			.catch((e) => e);
		expect(wrong).toMatchObject({ code: 'passphrase-wrong' });
	});
});
