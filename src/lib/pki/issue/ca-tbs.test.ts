import { AsnConvert } from '@peculiar/asn1-schema';
import {
	GeneralName,
	GeneralSubtree,
	GeneralSubtrees,
	NameConstraints,
	id_ce_nameConstraints
} from '@peculiar/asn1-x509';
import { describe, expect, test } from 'vitest';
import { algorithmOfKey, signingParams } from '../algorithms';
import type { NewRootCa } from '../ca';
import type { NameConstraintsInput } from '../ca-input';
import { caCsr } from '../csr/ca-csr';
import type { PkiDeps } from '../deps';
import { certificateParts, children, encoding, readTlv } from '../der/reader';
import { bytesToHex, type Bytes } from '../der/writer';
import { generateKeyPair } from '../keys';
import { ISSUER_ALGORITHMS, rootPerAlgorithm } from '../../testing/roots';
import { x509 } from '../x509';
import { encodeCaTbs, keyIdOf, type CaTerms } from './ca-tbs';
import { issuerKeyId, issuerOf, signerKey } from './issuer';
import { signTbs } from './sign';

/**
 * CA certificates and a CA's CSR are written with the DER writer and signed by issue/sign.ts like
 * every leaf. The reference below is the @peculiar/x509 generator code they replaced, kept as the
 * oracle: the TBS must be the same bytes for the same serial, validity, names, key and extensions.
 */

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date('2026-03-01T12:00:00.400Z') };
const rootOf = rootPerAlgorithm('CA TBS', deps);

/** The basicConstraints and keyUsage ca.ts gave every CA through @peculiar/x509. */
const referenceCaExtensions = (pathLen: number | undefined) => [
	new x509.BasicConstraintsExtension(true, pathLen, true),
	new x509.KeyUsagesExtension(
		x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
		true
	)
];

/** The former ca-options.ts nameConstraintsExtension, encoded with @peculiar/asn1-x509. */
function referenceNameConstraints(input: NameConstraintsInput): x509.Extension {
	const subtrees = [
		...(input.dns ?? []).map((d) => new GeneralName({ dNSName: d })),
		...(input.ip ?? []).map((c) => new GeneralName({ iPAddress: c })),
		...(input.uri ?? []).map((u) => new GeneralName({ uniformResourceIdentifier: u }))
	].map((base) => new GeneralSubtree({ base }));
	const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }));
	return new x509.Extension(id_ce_nameConstraints, true, value);
}

interface Case {
	label: string;
	pathLen?: number;
	uris?: string[];
	sans?: x509.JsonGeneralName[];
	nameConstraints?: NameConstraintsInput;
	subject: x509.JsonName;
}

const CASES: Case[] = [
	{ label: 'plain, no path length', subject: [{ CN: ['Plain CA'] }] },
	{ label: 'path length 0', pathLen: 0, subject: [{ CN: ['Issuing CA'] }] },
	{
		label: 'Consul agent CA: C, O, CN, SPIFFE URI, path length 1, DNS/IP/URI name constraints',
		pathLen: 1,
		subject: [{ C: ['US'] }, { O: ['Lab'] }, { CN: ['Consul Agent CA'] }],
		sans: [{ type: 'url', value: 'spiffe://11111111-2222-3333-4444-555555555555.consul' }],
		nameConstraints: {
			dns: ['consul', 'localhost'],
			ip: ['10.0.0.0/8', 'fd00::/8'],
			uri: ['11111111-2222-3333-4444-555555555555.consul']
		}
	},
	{
		label: 'from a CSR: DNS and IP SANs',
		subject: [{ CN: ['Vault Intermediate'] }],
		sans: [
			{ type: 'dns', value: 'vault.example.com' },
			{ type: 'ip', value: '10.0.0.5' }
		]
	}
];

async function reference(c: Case, terms: CaTerms, publicKey: CryptoKey, root: NewRootCa) {
	const ski = await x509.SubjectKeyIdentifierExtension.create(publicKey, false, deps.crypto);
	const extensions: x509.Extension[] = [...referenceCaExtensions(c.pathLen), ski];
	if (c.sans) extensions.push(new x509.SubjectAlternativeNameExtension(c.sans));
	if (c.nameConstraints) extensions.push(referenceNameConstraints(c.nameConstraints));
	extensions.push(new x509.AuthorityKeyIdentifierExtension(issuerKeyId(root.certificate)));
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: terms.serialHex,
			subject: c.subject,
			issuer: root.certificate.subjectName,
			notBefore: terms.notBefore,
			notAfter: terms.notAfter,
			publicKey,
			signingKey: root.keys.privateKey,
			signingAlgorithm: signingParams(algorithmOfKey(root.keys.privateKey)),
			extensions
		},
		deps.crypto
	);
}

describe('CA TBS encoder equals @peculiar/x509 byte for byte', () => {
	for (const alg of ISSUER_ALGORITHMS) {
		for (const c of CASES) {
			test(`${alg} issuer: ${c.label}`, async () => {
				const root = rootOf(alg);
				const keys = await generateKeyPair('P-256', deps.crypto, true);
				const terms: CaTerms = {
					serialHex: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
					notBefore: new Date('2026-03-01T11:00:00Z'),
					notAfter: new Date('2030-03-01T12:00:00Z'),
					pathLen: c.pathLen
				};
				const ref = await reference(c, terms, keys.publicKey, root);
				const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', keys.publicKey));
				const issuer = issuerOf({ certificate: root.certificate, privateKey: root.keys.privateKey });
				const tbs = encodeCaTbs(
					terms,
					{
						name: new Uint8Array(new x509.Name(c.subject).toArrayBuffer()),
						spki,
						sans: (c.sans ?? []).map((s) => ({
							type: s.type === 'url' ? ('uri' as const) : (s.type as 'dns' | 'ip'),
							value: s.value
						})),
						...(c.nameConstraints ? { nameConstraints: c.nameConstraints } : {})
					},
					issuer
				);
				expect(bytesToHex(tbs)).toBe(bytesToHex(certificateParts(new Uint8Array(ref.rawData)).tbs));
				const signed = await signTbs(issuer, tbs, deps);
				if (alg === 'RSA-2048' || alg === 'Ed25519') {
					// Deterministic signatures: the whole certificate is the same.
					expect(bytesToHex(signed)).toBe(bytesToHex(new Uint8Array(ref.rawData)));
				}
				expect(
					await new x509.X509Certificate(signed).verify(
						{ publicKey: root.certificate.publicKey, signatureOnly: true },
						deps.crypto
					)
				).toBe(true);
			});
		}
	}

	test('a root signs itself: issuer = subject, AKI = SKI', async () => {
		const keys = await generateKeyPair('Ed25519', deps.crypto, true);
		const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', keys.publicKey));
		const name = new Uint8Array(new x509.Name([{ CN: ['Self'] }]).toArrayBuffer());
		const self = signerKey(name, keyIdOf(spki), keys.privateKey);
		const terms: CaTerms = {
			serialHex: '01',
			notBefore: new Date('2026-03-01T11:00:00Z'),
			notAfter: new Date('2036-03-01T12:00:00Z'),
			pathLen: undefined
		};
		const signed = new x509.X509Certificate(await signTbs(self, encodeCaTbs(terms, { name, spki }, self), deps));
		const reference = await x509.X509CertificateGenerator.createSelfSigned(
			{
				serialNumber: '01',
				name: [{ CN: ['Self'] }],
				notBefore: terms.notBefore,
				notAfter: terms.notAfter,
				keys,
				signingAlgorithm: { name: 'Ed25519' },
				extensions: [
					...referenceCaExtensions(undefined),
					await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, deps.crypto),
					new x509.AuthorityKeyIdentifierExtension(bytesToHex(keyIdOf(spki)))
				]
			},
			deps.crypto
		);
		expect(bytesToHex(new Uint8Array(signed.rawData))).toBe(bytesToHex(new Uint8Array(reference.rawData)));
		expect(await signed.verify({ signatureOnly: true }, deps.crypto)).toBe(true);
	});
});

/** The CertificationRequestInfo of a CSR: its first element. */
function requestInfo(der: Bytes): string {
	return bytesToHex(encoding(der, children(der, readTlv(der, 0))[0]!));
}

describe("a CA's own CSR", () => {
	test('has the CertificationRequestInfo @peculiar/x509 wrote, and a signature by the CA key', async () => {
		const root = rootOf('Ed25519');
		const csr = await caCsr(root.certificate, root.keys.privateKey, deps);
		const reference = await x509.Pkcs10CertificateRequestGenerator.create(
			{
				name: root.certificate.subjectName,
				keys: root.keys,
				signingAlgorithm: { name: 'Ed25519' },
				extensions: [
					...referenceCaExtensions(undefined),
					new x509.SubjectKeyIdentifierExtension(issuerKeyId(root.certificate))
				]
			},
			deps.crypto
		);
		expect(requestInfo(new Uint8Array(csr.rawData))).toBe(requestInfo(new Uint8Array(reference.rawData)));
		expect(bytesToHex(new Uint8Array(csr.rawData))).toBe(bytesToHex(new Uint8Array(reference.rawData)));
		expect(await csr.verify(deps.crypto)).toBe(true);
	});
});
