import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { x509 } from '../x509';
import { signCsrCa } from './sign-ca';
import { signCsrLeaf, type CsrLeafChoice } from './sign-leaf';
import { wildcardRefusal } from './subject-policy';

/**
 * CSRs someone else made, with subjects no CA of ours should sign: each is refused with the reason
 * and what to ask for, next to the CSR input ('csr') or the SAN list ('sans'), and nothing is signed.
 */

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date('2026-03-01T12:00:00Z') };
const p256 = () => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);

async function csrFor(name: x509.JsonName | string, sans: string[] = []) {
	const extensions = sans.length
		? [new x509.SubjectAlternativeNameExtension(sans.map((value) => ({ type: 'dns' as const, value })))]
		: [];
	return x509.Pkcs10CertificateRequestGenerator.create(
		{ name, keys: await p256(), signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, extensions },
		deps.crypto
	);
}

let root: NewRootCa;
let other: NewRootCa;
const signing = () => ({ certificate: root.certificate, privateKey: root.keys.privateKey });
const leaf = (over: Partial<CsrLeafChoice> = {}): CsrLeafChoice => ({
	profileId: 'mtls',
	kindId: 'server',
	sans: 'db1.example.com',
	days: 30,
	...over
});
const refused = (code: string, field: string, message: RegExp | string) =>
	expect.objectContaining({
		code,
		field,
		message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message)
	});

beforeAll(async () => {
	root = await createRootCa({ name: 'Offline Root', keyAlgorithm: 'P-256', days: 3650, pathLen: 2 }, deps);
	other = await createRootCa({ name: 'Other Vault Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
});

describe('CSR subjects that are refused', () => {
	test('a CN with a NUL', async () => {
		const csr = await csrFor([{ CN: ['db1.example.com\u0000.evil.test'] }]);
		await expect(signCsrLeaf(csr, leaf(), signing(), deps)).rejects.toThrow(
			refused(
				'name-character-forbidden',
				'csr',
				/^The CSR's subject: Common name \(CN\) "db1\.example\.com<U\+0000>\.evil\.test": U\+0000 \(a NUL\) is not allowed/
			)
		);
	});

	test('a 100,000-character CN', async () => {
		const csr = await csrFor([{ CN: ['a'.repeat(100_000)] }]);
		await expect(signCsrLeaf(csr, leaf(), signing(), deps)).rejects.toThrow(
			refused(
				'name-invalid',
				'csr',
				/it is 100000 characters long; CN takes at most 64 characters \(RFC 5280 Appendix A\.1\)\. Shorten it\. Ask for a new CSR/
			)
		);
	});

	test('a bidi override in an OU', async () => {
		const csr = await csrFor([{ O: ['Example'] }, { OU: ['ops\u202egnp.exe'] }, { CN: ['db1.example.com'] }]);
		await expect(signCsrLeaf(csr, leaf(), signing(), deps)).rejects.toThrow(
			refused('name-character-forbidden', 'csr', 'U+202E (a right-to-left override)')
		);
	});

	test('a *.com wildcard asked for in the SANs', async () => {
		const csr = await csrFor([{ CN: ['shop'] }], ['*.com']);
		await expect(signCsrLeaf(csr, leaf({ sans: 'DNS:*.com' }), signing(), deps)).rejects.toThrow(
			refused(
				'csr-subject-refused',
				'sans',
				'The wildcard "*.com" covers every name in the top-level domain "com". Remove it from the list'
			)
		);
	});

	test('a *.co.uk wildcard as the CN', async () => {
		const csr = await csrFor([{ CN: ['*.co.uk'] }]);
		await expect(signCsrLeaf(csr, leaf({ sans: '' }), signing(), deps)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', 'covers every name registered under the public suffix "co.uk"')
		);
	});

	test('a CockroachDB client CSR with CN=node', async () => {
		const csr = await csrFor([{ O: ['Cockroach'] }, { CN: ['node'] }]);
		const choice = leaf({ profileId: 'cockroachdb', kindId: 'client', sans: '' });
		await expect(signCsrLeaf(csr, choice, signing(), deps)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', "CN=node is CockroachDB's node user")
		);
	});

	test('a CockroachDB client CSR whose CN is no SQL user name', async () => {
		const csr = await csrFor([{ CN: ['$(id)'] }]);
		const choice = leaf({ profileId: 'cockroachdb', kindId: 'client', sans: '' });
		await expect(signCsrLeaf(csr, choice, signing(), deps)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', "The CSR's CN is not a CockroachDB user name")
		);
	});

	test("a CA CSR with the issuer's own DN", async () => {
		const csr = await csrFor(root.certificate.subject);
		await expect(signCsrCa(csr, { days: 365, sans: '' }, signing(), deps)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', 'CN=Offline Root", which is the name of a CA in this vault')
		);
	});

	test('a leaf CSR with the name of another CA in the vault, written in another case', async () => {
		const csr = await csrFor('CN=other VAULT root');
		const vaultCas = [new Uint8Array(other.certificate.rawData)];
		await expect(signCsrLeaf(csr, leaf(), signing(), deps, vaultCas)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', 'which is the name of a CA in this vault')
		);
		await expect(signCsrCa(csr, { days: 365, sans: '' }, signing(), deps, vaultCas)).rejects.toThrow(
			refused('csr-subject-refused', 'csr', 'Ask for a CSR with a name of its own')
		);
	});
});

describe('what stays allowed', () => {
	test('wildcards under a domain of one’s own, and names that only look like a suffix', () => {
		for (const name of ['*.lab.example.com', '*.example.co.uk', '*.corp.internal', 'db1.example.com', 'co.uk'])
			expect(wildcardRefusal(name)).toBeNull();
		expect(wildcardRefusal('*.internal')).toMatch(/top-level domain "internal"/);
		expect(wildcardRefusal('*.COM.')).toMatch(/top-level domain "com"/);
	});

	test('a CockroachDB client CSR for a SQL user, and an ordinary server CSR, are signed', async () => {
		const client = await csrFor([{ O: ['Cockroach'] }, { CN: ['alice'] }]);
		const signed = await signCsrLeaf(
			client,
			leaf({ profileId: 'cockroachdb', kindId: 'client', sans: '' }),
			signing(),
			deps
		);
		expect(signed.subject).toContain('CN=alice');
		const server = await csrFor([{ CN: ['db1.example.com'] }], ['db1.example.com', '*.db.example.com']);
		const wild = await signCsrLeaf(server, leaf({ sans: 'db1.example.com, *.db.example.com' }), signing(), deps);
		expect(wild.template.sans.map((s) => s.value)).toEqual(['db1.example.com', '*.db.example.com']);
	});
});
