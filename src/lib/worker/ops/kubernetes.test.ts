import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { load, loadAll } from 'js-yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { PkiError } from '../../pki/errors';
import { readSecrets } from '../../testing/kubernetes-secrets';
import { testContext, testIntermediateCa, testRootCa } from '../../testing/worker-cas';
import { operations } from '../operations';
import type { CreatedCa } from '../types';
import { x509 } from '../../pki/x509';
import type { CaIssuerRequest, IntermediateKeyRequest } from './kubernetes';

const ctx = testContext(new Date('2026-03-01T12:00:00Z'));
let root: CreatedCa;
let inter: CreatedCa;
beforeAll(async () => {
	root = await testRootCa(ctx, { id: 'root', name: 'Offline Root', days: 3650 });
	inter = await testIntermediateCa(ctx, root, { id: 'inter', name: 'Cluster Issuing CA', days: 1825 });
});

const request = (ca: CreatedCa, id: string, chainDer: CaIssuerRequest['chainDer'], kind: CaIssuerRequest['kind']) =>
	({
		caId: id,
		name: 'Cluster Issuing CA',
		kind,
		keyAlgorithm: 'P-256',
		sealedKey: ca.sealedKey,
		passphrase: 'p',
		certificateDer: ca.certificateDer,
		chainDer
	}) satisfies CaIssuerRequest;

const certificates = (text: string) =>
	(text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g) ?? []).map(
		(block) => new X509Certificate(block)
	);

describe('cert-manager CA issuer export', () => {
	test('an Issuer and its kubernetes.io/tls Secret: tls.crt the intermediate then the root, tls.key its key', async () => {
		const { yaml } = await operations.certManagerIssuer(request(inter, 'inter', [root.certificateDer], 'Issuer'), ctx);
		expect(yaml.startsWith('# This file holds PRIVATE KEYS.')).toBe(true);
		const [secret] = readSecrets(yaml);
		expect(secret).toMatchObject({ name: 'cluster-issuing-ca-ca', type: 'kubernetes.io/tls' });
		expect(Object.keys(secret!.data)).toEqual(['tls.crt', 'tls.key']);
		const [intermediate, rootCert, ...rest] = certificates(secret!.data['tls.crt'] ?? '');
		expect(rest).toEqual([]);
		expect(intermediate!.raw.equals(Buffer.from(inter.certificateDer))).toBe(true);
		expect(rootCert!.raw.equals(Buffer.from(root.certificateDer))).toBe(true);
		expect(intermediate!.verify(rootCert!.publicKey)).toBe(true);
		const fromKey = createPublicKey(createPrivateKey(secret!.data['tls.key'] ?? '')).export({
			type: 'spki',
			format: 'der'
		});
		expect(intermediate!.publicKey.export({ type: 'spki', format: 'der' }).equals(fromKey)).toBe(true);
		const docs = loadAll(yaml) as Record<string, unknown>[];
		expect(docs[0]?.metadata).toEqual({ name: 'cluster-issuing-ca-ca' });
		expect(docs[1]).toEqual({
			apiVersion: 'cert-manager.io/v1',
			kind: 'Issuer',
			metadata: { name: 'cluster-issuing-ca' },
			spec: { ca: { secretName: 'cluster-issuing-ca-ca' } }
		});
	});

	test("a ClusterIssuer's Secret is in the cert-manager namespace, where cert-manager looks for it", async () => {
		const { yaml } = await operations.certManagerIssuer(
			request(inter, 'inter', [root.certificateDer], 'ClusterIssuer'),
			ctx
		);
		const docs = loadAll(yaml) as Record<string, Record<string, unknown>>[];
		expect(docs[0]?.metadata).toEqual({ name: 'cluster-issuing-ca-ca', namespace: 'cert-manager' });
		expect(docs[1]?.kind).toBe('ClusterIssuer');
		expect(docs[1]?.metadata).toEqual({ name: 'cluster-issuing-ca' });
	});

	test('a root is refused, and a wrong passphrase opens nothing', async () => {
		const rootError = await operations
			.certManagerIssuer(request(root, 'root', [], 'Issuer'), ctx)
			.catch((e: unknown) => e);
		expect(rootError).toBeInstanceOf(PkiError);
		expect((rootError as PkiError).code).toBe('issuer-root-refused');
		const wrong = await operations
			.certManagerIssuer({ ...request(inter, 'inter', [root.certificateDer], 'Issuer'), passphrase: 'nope' }, ctx)
			.catch((e: unknown) => e);
		expect((wrong as PkiError).code).toBe('passphrase-wrong');
	});
});

/**
 * What ECK checks before it signs a node's transport certificate with a custom CA, in
 * github.com/elastic/cloud-on-k8s pkg/controller/common/certificates: ca_secret.go (ca.crt and
 * ca.key, exactly one certificate, the key matching it, within its validity) and pem.go
 * ParsePEMPrivateKey (SEC1 "EC PRIVATE KEY", or RSA as PKCS#1 or PKCS#8; no other PKCS#8 key).
 */
describe("ECK's transport CA export", () => {
	const eckRequest = (
		ca: CreatedCa,
		id: string,
		chainDer: IntermediateKeyRequest['chainDer'],
		keyAlgorithm = 'P-256'
	) =>
		({
			caId: id,
			name: 'Cluster Issuing CA',
			keyAlgorithm: keyAlgorithm as IntermediateKeyRequest['keyAlgorithm'],
			sealedKey: ca.sealedKey,
			passphrase: 'p',
			certificateDer: ca.certificateDer,
			chainDer
		}) satisfies IntermediateKeyRequest;

	/** The resource snippet the file carries as comment lines, read back as YAML. */
	const snippet = (yaml: string) => {
		const lines = yaml.split('\n');
		const start = lines.indexOf('# apiVersion: elasticsearch.k8s.elastic.co/v1');
		const end = lines.findIndex((line, i) => i > start && !line.startsWith('# '));
		return load(
			lines
				.slice(start, end)
				.map((line) => line.slice(2))
				.join('\n')
		);
	};

	test.each(['P-256', 'RSA-2048'] as const)(
		'a %s intermediate: an Opaque Secret with ca.crt (the intermediate alone, a CA) and ca.key (its key, as ECK parses it)',
		async (keyAlgorithm) => {
			const ca =
				keyAlgorithm === 'P-256'
					? inter
					: await testIntermediateCa(ctx, root, { id: 'inter-rsa', name: 'RSA Issuing CA', days: 1825, keyAlgorithm });
			const { yaml } = await operations.eckTransportCa(
				eckRequest(ca, keyAlgorithm === 'P-256' ? 'inter' : 'inter-rsa', [root.certificateDer], keyAlgorithm),
				ctx
			);
			expect(yaml.startsWith('# This file holds PRIVATE KEYS.')).toBe(true);
			expect(yaml).toContain('This file holds the private key of the intermediate CA');
			const docs = loadAll(yaml);
			expect(docs).toHaveLength(1);
			const [secret] = readSecrets(yaml);
			expect(secret).toMatchObject({ name: 'cluster-issuing-ca-transport-ca', type: 'Opaque' });
			expect(Object.keys(secret!.data).sort()).toEqual(['ca.crt', 'ca.key']);
			const [caCert, ...more] = certificates(secret!.data['ca.crt'] ?? '');
			// ECK: "only expected one PEM formated CA certificate".
			expect(more).toEqual([]);
			expect(caCert!.raw.equals(Buffer.from(ca.certificateDer))).toBe(true);
			expect(caCert!.ca).toBe(true);
			const parsed = new x509.X509Certificate(ca.certificateDer);
			const usage = parsed.getExtension(x509.KeyUsagesExtension);
			expect(usage!.usages & x509.KeyUsageFlags.keyCertSign).toBeTruthy();
			expect(parsed.getExtension(x509.BasicConstraintsExtension)?.critical).toBe(true);
			// Within its validity today, as ValidateCustomCA requires.
			expect(new Date(caCert!.validTo).getTime()).toBeGreaterThan(ctx.deps.now().getTime());
			const keyPem = secret!.data['ca.key'] ?? '';
			// ParsePEMPrivateKey: an EC key must be SEC1; PKCS#8 is read only for RSA; never encrypted.
			expect(keyPem).toMatch(
				keyAlgorithm === 'P-256' ? /^-----BEGIN EC PRIVATE KEY-----\n/ : /^-----BEGIN PRIVATE KEY-----\n/
			);
			expect(keyPem).not.toContain('ENCRYPTED');
			const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
			expect(caCert!.publicKey.export({ type: 'spki', format: 'der' }).equals(fromKey)).toBe(true);
			expect(snippet(yaml)).toEqual({
				apiVersion: 'elasticsearch.k8s.elastic.co/v1',
				kind: 'Elasticsearch',
				spec: { transport: { tls: { certificate: { secretName: 'cluster-issuing-ca-transport-ca' } } } }
			});
		}
	);

	test('a root and an Ed25519 intermediate are refused, and a wrong passphrase opens nothing', async () => {
		const refusal = (request: IntermediateKeyRequest) =>
			operations.eckTransportCa(request, ctx).then(
				(): PkiError => {
					throw new Error('not refused');
				},
				(e: unknown) => e as PkiError
			);
		expect((await refusal(eckRequest(root, 'root', []))).code).toBe('issuer-root-refused');
		const ed = await testIntermediateCa(ctx, root, {
			id: 'inter-ed',
			name: 'Ed CA',
			days: 1825,
			keyAlgorithm: 'Ed25519'
		});
		const edError = await refusal(eckRequest(ed, 'inter-ed', [root.certificateDer], 'Ed25519'));
		expect(edError).toBeInstanceOf(PkiError);
		expect(edError.code).toBe('consumer-key-unsupported');
		const wrong = await refusal({ ...eckRequest(inter, 'inter', [root.certificateDer]), passphrase: 'nope' });
		expect(wrong.code).toBe('passphrase-wrong');
	});
});
