import { describe, expect, test } from 'vitest';
import { createIntermediateCa, createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { PkiError } from '../errors';
import { prepareLeaf } from '../issue/prepare';
import { signLeaf } from '../issue/sign';
import { generateKeyPair } from '../keys';
import { verifyChain } from '../verify';
import { x509 } from '../x509';
import { combinedCaFile, crossSignRoot, renewCaSameKey } from './index';

const CREATED = new Date('2026-03-01T12:00:00Z');
const LATER = new Date('2027-02-20T12:00:00Z');
const at = (now: Date): PkiDeps => ({ crypto: globalThis.crypto, now: () => now });
const der = (c: x509.X509Certificate) => new Uint8Array(c.rawData);
const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
const spki = (c: x509.X509Certificate) => hex(c.publicKey.rawData);
const ski = (c: x509.X509Certificate) => c.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
const aki = (c: x509.X509Certificate) => c.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;

async function leafUnder(ca: NewRootCa, deps: PkiDeps, host = 'node-1.example') {
	const template = prepareLeaf(
		{
			profileId: 'cockroachdb',
			kindId: 'node',
			input: { hosts: `${host} localhost` },
			days: 380,
			keyAlgorithm: 'P-256'
		},
		{ name: 'CA', notBefore: ca.certificate.notBefore, notAfter: ca.certificate.notAfter },
		deps
	);
	const keys = await generateKeyPair('P-256', deps.crypto, true);
	return signLeaf(template, keys.publicKey, { certificate: ca.certificate, privateKey: ca.keys.privateKey }, deps);
}

/** A re-issued CA certificate: the kept certificate's subject, SPKI and SKI, the issuer's Name and SKI as AKI, a new serial. */
function expectReissued(made: x509.X509Certificate, kept: x509.X509Certificate, issuer: x509.X509Certificate) {
	expect(made.subject).toBe(kept.subject);
	expect(made.issuer).toBe(issuer.subject);
	expect(spki(made)).toBe(spki(kept));
	expect(ski(made)).toBe(ski(kept));
	expect(aki(made)).toBe(ski(issuer));
	expect(made.serialNumber).not.toBe(kept.serialNumber);
}

describe('renewing a CA with the same key (cockroach cert create-ca --allow-ca-key-reuse)', () => {
	test('a root keeps subject, SPKI, SKI and extensions; serial and validity are new; an old leaf verifies against it alone', async () => {
		const root = await createRootCa({ name: 'Cluster Root', keyAlgorithm: 'P-256', days: 400 }, at(CREATED));
		const leaf = await leafUnder(root, at(CREATED));
		const renewedDer = await renewCaSameKey(
			{ certificateDer: der(root.certificate), privateKey: root.keys.privateKey },
			undefined,
			1000,
			at(LATER)
		);
		const renewed = new x509.X509Certificate(renewedDer);
		expectReissued(renewed, root.certificate, root.certificate);
		const extensions = (c: x509.X509Certificate) => c.extensions.map((e) => [e.type, e.critical, hex(e.value)]);
		expect(extensions(renewed)).toEqual(extensions(root.certificate));
		expect(renewed.notBefore.toISOString()).toBe('2027-02-20T11:00:00.000Z');
		expect(renewed.notAfter.toISOString()).toBe('2029-11-16T12:00:00.000Z');
		expect(await renewed.verify({ publicKey: renewed.publicKey, signatureOnly: true })).toBe(true);

		// The leaf made under the old certificate verifies with a trust store holding only the renewed one.
		const when = new Date('2027-03-01T00:00:00Z');
		const withRenewed = await verifyChain({ leaf, roots: [renewed], at: when, strict: true }, at(when));
		expect(withRenewed.error).toBeUndefined();
		expect(withRenewed.ok).toBe(true);
		// ...and a root with the same name but another key does not accept it: the key, not the name, carries trust.
		const impostor = await createRootCa({ name: 'Cluster Root', keyAlgorithm: 'P-256', days: 1000 }, at(LATER));
		const withImpostor = await verifyChain({ leaf, roots: [impostor.certificate], at: when }, at(when));
		expect(withImpostor.ok).toBe(false);
	});

	test('an expired root is renewed with its key (recovery): the renewed certificate is valid again and self-signed', async () => {
		const root = await createRootCa({ name: 'Expired Root', keyAlgorithm: 'P-256', days: 30 }, at(CREATED));
		const expiredAt = new Date('2026-06-01T00:00:00Z');
		const renewed = new x509.X509Certificate(
			await renewCaSameKey(
				{ certificateDer: der(root.certificate), privateKey: root.keys.privateKey },
				undefined,
				365,
				at(expiredAt)
			)
		);
		expect(root.certificate.notAfter.getTime()).toBeLessThan(expiredAt.getTime());
		expect(renewed.notAfter.toISOString()).toBe('2027-06-01T00:00:00.000Z');
		expect(ski(renewed)).toBe(ski(root.certificate));
		// Self-signed: issuer = subject, and its own key verifies it; valid again: a verifier that trusts
		// it accepts it on the day of the recovery.
		expect(renewed.issuer).toBe(renewed.subject);
		expect(spki(renewed)).toBe(spki(root.certificate));
		expect(await renewed.verify({ publicKey: renewed.publicKey, signatureOnly: true })).toBe(true);
		const asRoot = await verifyChain({ leaf: renewed, roots: [renewed], at: expiredAt }, at(expiredAt));
		expect(asRoot.error).toBeUndefined();
		expect(asRoot.ok).toBe(true);
		const before = await verifyChain(
			{ leaf: root.certificate, roots: [root.certificate], at: expiredAt },
			at(expiredAt)
		);
		expect(before.ok).toBe(false);
	});

	test('an intermediate is signed by its parent again and may not outlast it', async () => {
		const root = await createRootCa({ name: 'Root', keyAlgorithm: 'P-256', days: 730 }, at(CREATED));
		const sub = await createIntermediateCa(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{ name: 'Issuing', keyAlgorithm: 'P-256', days: 400 },
			at(CREATED)
		);
		const leaf = await leafUnder(sub, at(CREATED));
		const parent = { certificateDer: der(root.certificate), privateKey: root.keys.privateKey };
		const self = { certificateDer: der(sub.certificate), privateKey: sub.keys.privateKey };
		const renewed = new x509.X509Certificate(await renewCaSameKey(self, parent, 300, at(LATER)));
		expectReissued(renewed, sub.certificate, root.certificate);
		const when = new Date('2027-03-01T00:00:00Z');
		const result = await verifyChain(
			{ leaf, intermediates: [renewed], roots: [root.certificate], at: when, strict: true },
			at(when)
		);
		expect(result.ok).toBe(true);

		const tooLong = renewCaSameKey(self, parent, 400, at(LATER));
		await expect(tooLong).rejects.toThrow(PkiError);
		await expect(tooLong).rejects.toMatchObject({ code: 'validity-beyond-ca' });
	});

	test('a key that is not the CA\u2019s is refused', async () => {
		const root = await createRootCa({ name: 'Root', keyAlgorithm: 'P-256', days: 365 }, at(CREATED));
		const other = await createRootCa({ name: 'Other', keyAlgorithm: 'P-256', days: 365 }, at(CREATED));
		await expect(
			renewCaSameKey(
				{ certificateDer: der(root.certificate), privateKey: other.keys.privateKey },
				undefined,
				100,
				at(LATER)
			)
		).rejects.toMatchObject({
			code: 'ca-key-mismatch'
		});
	});
});

describe('cross-signing a new root with the old one (Consul CrossSignCA)', () => {
	test('issuer, AKI = old root; SPKI, SKI = new; within the old root, signed by its key; new leaves chain to the old root through it', async () => {
		const oldRoot = await createRootCa({ name: 'Old Root', keyAlgorithm: 'P-256', days: 365 }, at(CREATED));
		const newRoot = await createRootCa({ name: 'New Root', keyAlgorithm: 'P-384', days: 3650 }, at(LATER));
		const crossDer = await crossSignRoot(
			der(newRoot.certificate),
			{ certificateDer: der(oldRoot.certificate), privateKey: oldRoot.keys.privateKey },
			at(LATER)
		);
		const cross = new x509.X509Certificate(crossDer);
		expectReissued(cross, newRoot.certificate, oldRoot.certificate);
		expect(cross.extensions.map((e) => e.type)).toEqual(newRoot.certificate.extensions.map((e) => e.type));
		expect(cross.notAfter.toISOString()).toBe(oldRoot.certificate.notAfter.toISOString());
		expect(cross.notBefore.getTime()).toBeGreaterThanOrEqual(oldRoot.certificate.notBefore.getTime());
		expect(await cross.verify({ publicKey: oldRoot.certificate.publicKey, signatureOnly: true })).toBe(true);
		expect(await cross.verify({ publicKey: newRoot.certificate.publicKey, signatureOnly: true })).toBe(false);

		const leaf = await leafUnder(newRoot, at(LATER), 'new.example');
		const when = new Date('2027-02-21T00:00:00Z');
		const viaOld = await verifyChain(
			{ leaf, intermediates: [cross], roots: [oldRoot.certificate], at: when, strict: true },
			at(when)
		);
		expect(viaOld.error).toBeUndefined();
		expect(viaOld.chain.map((c) => c.subject)).toEqual([
			leaf.subject,
			newRoot.certificate.subject,
			oldRoot.certificate.subject
		]);
		const oldOnlyNoCross = await verifyChain({ leaf, roots: [oldRoot.certificate], at: when }, at(when));
		expect(oldOnlyNoCross.ok).toBe(false);
		const viaNew = await verifyChain({ leaf, roots: [newRoot.certificate], at: when }, at(when));
		expect(viaNew.ok).toBe(true);
	});

	test('refuses an expired old root and a new root with the same name', async () => {
		const oldRoot = await createRootCa({ name: 'Root', keyAlgorithm: 'P-256', days: 30 }, at(CREATED));
		const sameName = await createRootCa({ name: 'Root', keyAlgorithm: 'P-256', days: 30 }, at(CREATED));
		const old = { certificateDer: der(oldRoot.certificate), privateKey: oldRoot.keys.privateKey };
		await expect(crossSignRoot(der(sameName.certificate), old, at(CREATED))).rejects.toMatchObject({
			code: 'name-invalid'
		});
		await expect(crossSignRoot(der(sameName.certificate), old, at(LATER))).rejects.toMatchObject({
			code: 'ca-expired'
		});
	});
});

describe('the combined ca.crt of a CockroachDB-style rotation', () => {
	test('the new CA comes first, then the old one, each a whole PEM block', async () => {
		const oldRoot = await createRootCa({ name: 'Old', keyAlgorithm: 'P-256', days: 365 }, at(CREATED));
		const newRoot = await createRootCa({ name: 'New', keyAlgorithm: 'P-256', days: 365 }, at(CREATED));
		const text = combinedCaFile([der(newRoot.certificate), der(oldRoot.certificate)]);
		const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];
		expect(blocks).toHaveLength(2);
		expect(blocks.join('')).toBe(text);
		expect(new x509.X509Certificate(blocks[0]!).subject).toBe('CN=New');
		expect(new x509.X509Certificate(blocks[1]!).subject).toBe('CN=Old');
	});
});
