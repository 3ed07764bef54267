import { expect, test } from 'vitest';
import { createRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import type { ParsedItem } from '../parse/types';
import { x509 } from '../x509';
import { chainGraph } from './chain-graph';

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date() };
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const item = (cert: x509.X509Certificate, file: string): ParsedItem => ({
	kind: 'certificate',
	cert,
	label: file,
	source: { file },
	der: new Uint8Array(cert.rawData)
});

/** Two CAs with one name and two keys, and a leaf the second one signed: the classic "wrong ca.crt". */
async function sameNameCas() {
	const first = await createRootCa({ name: 'Cluster CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const second = await createRootCa({ name: 'Cluster CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
	const leaf = await x509.X509CertificateGenerator.create(
		{
			serialNumber: '01',
			subject: 'CN=node',
			issuer: second.certificate.subject,
			notBefore: new Date(Date.now() - 60_000),
			notAfter: new Date(Date.now() + 86_400_000),
			publicKey: keys.publicKey,
			signingKey: second.keys.privateKey,
			signingAlgorithm: ALG
		},
		crypto
	);
	return { first: first.certificate, second: second.certificate, leaf };
}

test('an issuer found by name whose key did not sign the certificate is drawn as a broken link, with why', async () => {
	const { first, leaf } = await sameNameCas();
	const graph = await chainGraph([item(first, 'certs/ca.crt'), item(leaf, 'certs/node.crt')], crypto);
	const edges = graph.edges.filter((e) => e.kind === 'signed');
	expect(edges).toHaveLength(1);
	expect(edges[0]).toMatchObject({ from: 'c0', to: 'c1', ok: false });
	expect(edges[0]!.reason).toBe(
		"broken: node.crt names ca.crt as its issuer (CN=Cluster CA), but its signature does not verify with ca.crt's key: a CA of the same name with another key signed it, and that CA was not dropped"
	);
	expect(graph.nodes.find((n) => n.id === 'c0')?.kind).toBe('root');
});

test('with both same-name CAs dropped, the one whose key signed is linked and the other is drawn broken', async () => {
	const { first, second, leaf } = await sameNameCas();
	const graph = await chainGraph(
		[item(first, 'old/ca.crt'), item(second, 'new/ca.crt'), item(leaf, 'certs/node.crt')],
		crypto
	);
	const into = graph.edges.filter((e) => e.kind === 'signed' && e.to === 'c2');
	expect(into.map((e) => [e.from, e.ok])).toEqual([
		['c0', false],
		['c1', true]
	]);
	expect(into[0]!.reason).toMatch(
		/does not verify with ca\.crt's key: ca\.crt \(the other CA of that name\) signed it/
	);
	expect(into[1]!.reason).toBe('ca.crt signed node.crt');
});
