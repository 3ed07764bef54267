import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { unzipSync } from 'fflate';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { defaultLab, labOutput, type LabDefinition } from '../pki/lab/definition';
import { readSecrets, type DecodedSecret } from '../testing/kubernetes-secrets';
import { lent, testContext, testIntermediateCa, testRootCa } from '../testing/worker-cas';
import { issueBundle } from './issue-bundle';
import { labRequest } from './lab-request';
import type { CreatedCa, UnlockedCa } from './protocol';
import { centralModes } from '../testing/zip-entries';

const ctx = testContext(new Date('2026-03-01T12:00:00Z'));
let root: CreatedCa;
let intermediate: CreatedCa;
beforeAll(async () => {
	root = await testRootCa(ctx, { id: 'root', name: 'K8s Root', days: 3650 });
	intermediate = await testIntermediateCa(ctx, root, { id: 'inter', name: 'K8s Issuing', days: 1825 });
});

/** A quick lab issued by the real worker path, unzipped, with each file's text and mode. */
async function issueLab(lab: LabDefinition, issuer: UnlockedCa) {
	const { folders, zipName } = labRequest(lab, 'K8s');
	const bundle = await issueBundle(
		{ issuers: [issuer], profileId: lab.system, folders, zipName, output: labOutput(lab, '') },
		ctx
	);
	const files = unzipSync(bundle.zip);
	const modes = Object.fromEntries(centralModes(bundle.zip).map(([name, , mode]) => [name, mode & 0o777]));
	return { text: (path: string) => new TextDecoder().decode(files[path]), modes, paths: Object.keys(files) };
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g;
const certificates = (pemText: string) => (pemText.match(PEM_CERT) ?? []).map((block) => new X509Certificate(block));

/** The certificate's public key and the private key's, compared as SPKI DER by Node's crypto (OpenSSL). */
function keyMatches(certificatePem: string, keyPem: string): boolean {
	const [leaf] = certificates(certificatePem);
	if (!leaf) return false;
	const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
	return leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(fromKey);
}

/** Each certificate of tls.crt is signed by the next, the last by a CA of ca.crt. */
function chainsTo(chainPem: string, caPem: string): boolean {
	const chain = certificates(chainPem);
	const anchors = certificates(caPem);
	const linked = chain.every((cert, i) => i === chain.length - 1 || cert.verify(chain[i + 1]!.publicKey));
	const last = chain.at(-1);
	return linked && last !== undefined && anchors.some((ca) => last.verify(ca.publicKey));
}

function byName(secrets: DecodedSecret[], name: string): DecodedSecret {
	const secret = secrets.find((s) => s.name === name);
	if (!secret) throw new Error(`no Secret ${name} among ${secrets.map((s) => s.name).join(', ')}`);
	return secret;
}

describe('Kubernetes Secrets in the bundles', () => {
	test('CockroachDB chart (provided, tlsSecret): a node Secret per node and cockroachdb-root, ca.crt/tls.crt/tls.key, 0600', async () => {
		const { text, modes } = await issueLab(
			defaultLab('cockroachdb', 365),
			lent(intermediate, 'inter', 'K8s Issuing', { chainDer: [root.certificateDer] })
		);
		const yamlText = text('kubernetes/cockroachdb-secrets.yaml');
		expect(yamlText.startsWith('# This file holds PRIVATE KEYS.')).toBe(true);
		expect(modes['kubernetes/cockroachdb-secrets.yaml']).toBe(0o600);
		expect(modes['kubernetes/cockroachdb-values.yaml']).toBe(0o644);
		const secrets = readSecrets(yamlText);
		expect(secrets.map((s) => [s.name, s.type, Object.keys(s.data)])).toEqual([
			...[1, 2, 3].map((i) => [`cockroachdb-node-node${i}`, 'kubernetes.io/tls', ['ca.crt', 'tls.crt', 'tls.key']]),
			['cockroachdb-root', 'kubernetes.io/tls', ['ca.crt', 'tls.crt', 'tls.key']]
		]);
		for (const secret of secrets) {
			const { 'ca.crt': ca = '', 'tls.crt': chain = '', 'tls.key': key = '' } = secret.data;
			expect(keyMatches(chain, key)).toBe(true);
			// The issuer is an intermediate: tls.crt is the leaf and it; ca.crt is the root alone.
			expect(certificates(chain)).toHaveLength(2);
			expect(ca).toBe(text('node1/ca.crt'));
			expect(chainsTo(chain, ca)).toBe(true);
		}
		// The Secret holds exactly the files of the certs-dir.
		expect(byName(secrets, 'cockroachdb-node-node2').data['tls.crt']).toBe(text('node2/node.crt'));
		expect(byName(secrets, 'cockroachdb-node-node2').data['tls.key']).toBe(text('node2/node.key'));
		expect(byName(secrets, 'cockroachdb-root').data['tls.key']).toBe(text('client/client.root.key'));
		expect(new X509Certificate(byName(secrets, 'cockroachdb-root').data['tls.crt'] ?? '').subject).toContain('CN=root');
		expect(load(text('kubernetes/cockroachdb-values.yaml'))).toEqual({
			tls: {
				enabled: true,
				certs: {
					provided: true,
					tlsSecret: true,
					nodeSecret: 'cockroachdb-node-node1',
					clientRootSecret: 'cockroachdb-root'
				}
			}
		});
	});

	test('ECK: the HTTP certificate Secret per node with ca.crt, and the Elasticsearch resource naming the first', async () => {
		const { text, modes } = await issueLab(defaultLab('elasticsearch', 365), lent(root, 'root', 'K8s Root'));
		const secrets = readSecrets(text('kubernetes/elasticsearch-secrets.yaml'));
		expect(modes['kubernetes/elasticsearch-secrets.yaml']).toBe(0o600);
		expect(secrets.map((s) => [s.name, s.type, Object.keys(s.data)])).toEqual(
			[1, 2, 3].map((i) => [
				`elasticsearch-http-certificate-node${i}`,
				'kubernetes.io/tls',
				['ca.crt', 'tls.crt', 'tls.key']
			])
		);
		for (const [i, secret] of secrets.entries()) {
			const { 'ca.crt': ca = '', 'tls.crt': chain = '', 'tls.key': key = '' } = secret.data;
			expect(keyMatches(chain, key)).toBe(true);
			expect(chainsTo(chain, ca)).toBe(true);
			expect(chain).toBe(text(`node${i + 1}/http.crt`));
			expect(ca).toBe(text('ca/ca.crt'));
		}
		expect(load(text('kubernetes/elasticsearch-eck.yaml'))).toEqual({
			apiVersion: 'elasticsearch.k8s.elastic.co/v1',
			kind: 'Elasticsearch',
			metadata: { name: 'elasticsearch' },
			spec: { http: { tls: { certificate: { secretName: 'elasticsearch-http-certificate-node1' } } } }
		});
	});

	test('Consul chart: consul-ca-cert (Opaque, tls.crt) and a server Secret per server, values pointing at them', async () => {
		const { text } = await issueLab(defaultLab('consul', 365), lent(root, 'root', 'K8s Root'));
		const secrets = readSecrets(text('kubernetes/consul-secrets.yaml'));
		expect(secrets.map((s) => [s.name, s.type, Object.keys(s.data)])).toEqual([
			['consul-ca-cert', 'Opaque', ['tls.crt']],
			...[1, 2, 3].map((i) => [`consul-server-cert-node${i}`, 'kubernetes.io/tls', ['tls.crt', 'tls.key']])
		]);
		const ca = byName(secrets, 'consul-ca-cert').data['tls.crt'] ?? '';
		expect(ca).toBe(text('consul-agent-ca.pem'));
		for (const secret of secrets.slice(1)) {
			expect(keyMatches(secret.data['tls.crt'] ?? '', secret.data['tls.key'] ?? '')).toBe(true);
			expect(chainsTo(secret.data['tls.crt'] ?? '', ca)).toBe(true);
		}
		expect(byName(secrets, 'consul-server-cert-node2').data['tls.key']).toBe(text('node2/dc1-server-consul-0-key.pem'));
		expect(load(text('kubernetes/consul-values.yaml'))).toEqual({
			global: {
				tls: { enabled: true, enableAutoEncrypt: true, caCert: { secretName: 'consul-ca-cert', secretKey: 'tls.crt' } }
			},
			server: { serverCert: { secretName: 'consul-server-cert-node1' } }
		});
	});

	test('systems without a chart here get no kubernetes/ folder, nor does a PKCS#12 bundle', async () => {
		const etcd = await issueLab(defaultLab('etcd', 365), lent(root, 'root', 'K8s Root'));
		expect(etcd.paths.filter((p) => p.startsWith('kubernetes/'))).toEqual([]);
		const p12: LabDefinition = { ...defaultLab('elasticsearch', 365), output: 'pkcs12' };
		const { folders, zipName } = labRequest(p12, 'K8s');
		const bundle = await issueBundle(
			{
				issuers: [lent(root, 'root', 'K8s Root')],
				profileId: 'elasticsearch',
				folders,
				zipName,
				output: labOutput(p12, 'Elastic lab 42!')
			},
			ctx
		);
		expect(Object.keys(unzipSync(bundle.zip)).filter((p) => p.startsWith('kubernetes/'))).toEqual([]);
	});
});
