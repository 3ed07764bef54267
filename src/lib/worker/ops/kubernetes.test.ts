import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { PkiError } from '../../pki/errors';
import { readSecrets } from '../../testing/kubernetes-secrets';
import { testContext, testIntermediateCa, testRootCa } from '../../testing/worker-cas';
import { operations } from '../operations';
import type { CreatedCa } from '../types';
import type { CaIssuerRequest } from './kubernetes';

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
