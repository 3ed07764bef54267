import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, test } from 'vitest';
import { derProblems, makePkcs12Fixture, type Pkcs12Fixture } from '../../../tests/interop/support/pkcs12-fixtures';
import { PkiError } from '../pki/errors';
import { decryptShroudedKey, expectedPbes2, passwordBytes, pbes2Shape, pkijsEngine } from '../testing/pkijs-reader';
import {
	buildPkcs12,
	checkPkcs12Password,
	DEFAULT_PKCS12_ITERATIONS,
	pkcs12Password,
	trustedCaAliases,
	type Pkcs12Input
} from './pkcs12';

const OID = {
	sha256: '2.16.840.1.101.3.4.2.1',
	shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
	certBag: '1.2.840.113549.1.12.10.1.3',
	x509Certificate: '1.2.840.113549.1.9.22.1',
	friendlyName: '1.2.840.113549.1.9.20',
	localKeyId: '1.2.840.113549.1.9.21',
	jdkTrusted: '2.16.840.1.113894.746875.1.1',
	anyEku: '2.5.29.37.0',
	data: '1.2.840.113549.1.7.1',
	encryptedData: '1.2.840.113549.1.7.6'
};

const engine = pkijsEngine;
// Low counts keep the suite fast; one test below uses the defaults.
const FAST = { pbes2: 1000, mac: 1000 };
const PASSWORD = 'correct horse battery';
const pw = passwordBytes;
const hex = (b: ArrayBuffer | Uint8Array) =>
	Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

interface Opened {
	pfx: pkijs.PFX;
	safes: { privacyMode: number; value: pkijs.SafeContents }[];
	bags: pkijs.SafeBag[];
}

/** Opens a .p12 the way a consumer would: MAC first, then every safe with the same password. */
async function openPfx(bytes: Uint8Array, password: string): Promise<Opened> {
	const pfx = pkijs.PFX.fromBER(bytes.slice().buffer);
	await pfx.parseInternalValues({ password: pw(password), checkIntegrity: true }, engine);
	const authSafe = pfx.parsedValue!.authenticatedSafe!;
	await authSafe.parseInternalValues(
		{ safeContents: authSafe.safeContents.map(() => ({ password: pw(password) })) },
		engine
	);
	const safes = (authSafe.parsedValue as { safeContents: Opened['safes'] }).safeContents;
	return { pfx, safes, bags: safes.flatMap((s) => s.value.safeBags) };
}

function attr(bag: pkijs.SafeBag, type: string): asn1js.BaseBlock[] | undefined {
	return bag.bagAttributes?.find((a) => a.type === type)?.values;
}
const friendlyNameOf = (bag: pkijs.SafeBag) =>
	(attr(bag, OID.friendlyName)?.[0] as asn1js.BmpString | undefined)?.valueBlock.value;
const localKeyIdOf = (bag: pkijs.SafeBag) => {
	const v = attr(bag, OID.localKeyId)?.[0] as asn1js.OctetString | undefined;
	return v ? hex(v.valueBlock.valueHexView) : undefined;
};
const certDerOf = (bag: pkijs.SafeBag) =>
	new Uint8Array(((bag.bagValue as pkijs.CertBag).certValue as asn1js.OctetString).valueBlock.valueHexView);

describe.each(['P-256', 'RSA-2048'] as const)('buildPkcs12 with a %s key', (alg) => {
	let fx: Pkcs12Fixture;
	let input: Pkcs12Input;
	let p12: Uint8Array;
	beforeAll(async () => {
		fx = await makePkcs12Fixture(alg, { intermediate: true });
		input = {
			privateKeyPkcs8: fx.pkcs8,
			certificateDer: fx.leafDer,
			chainDer: [fx.intermediateDer!],
			trustedCaDer: [fx.rootDer],
			alias: 'node1',
			password: pkcs12Password(PASSWORD),
			iterations: FAST
		};
		p12 = await buildPkcs12(input, globalThis.crypto);
	}, 60_000);

	test('is protected by an HMAC-SHA-256 MAC over the authenticated safe', async () => {
		const { pfx } = await openPfx(p12, PASSWORD);
		expect(pfx.version).toBe(3);
		expect(pfx.macData?.mac.digestAlgorithm.algorithmId).toBe(OID.sha256);
		expect(pfx.macData?.iterations).toBe(FAST.mac);
		expect(pfx.macData?.macSalt.valueBlock.valueHexView.byteLength).toBe(16);
	});

	test('a wrong password fails MAC verification', async () => {
		await expect(openPfx(p12, 'correct horse battery!')).rejects.toThrow(/Integrity for the PKCS#12 data is broken/);
	});

	test('a changed byte fails MAC verification', async () => {
		const tampered = p12.slice();
		// Flip a byte inside the MAC-covered authenticated safe, well past the headers.
		tampered[200] = (tampered[200] ?? 0) ^ 0x01;
		await expect(openPfx(tampered, PASSWORD)).rejects.toThrow(/Integrity for the PKCS#12 data is broken/);
	});

	test('the key is a PKCS8ShroudedKeyBag under PBES2 / PBKDF2-HMAC-SHA-256 / AES-256-CBC and decrypts to the original PKCS#8', async () => {
		const { bags } = await openPfx(p12, PASSWORD);
		const keyBags = bags.filter((b) => b.bagId === OID.shroudedKeyBag);
		expect(keyBags).toHaveLength(1);
		const shrouded = keyBags[0]!.bagValue as pkijs.PKCS8ShroudedKeyBag;
		expect(pbes2Shape(shrouded.encryptionAlgorithm)).toEqual(expectedPbes2(FAST.pbes2));
		const decrypted = await decryptShroudedKey(shrouded, PASSWORD);
		expect(hex(decrypted)).toBe(hex(fx.pkcs8));
	});

	test('certificates sit in a PBES2 AES-256-CBC encrypted safe; the key safe is Data', async () => {
		const { pfx, safes } = await openPfx(p12, PASSWORD);
		const contentTypes = pfx.parsedValue!.authenticatedSafe!.safeContents.map((c) => c.contentType);
		expect(contentTypes).toEqual([OID.encryptedData, OID.data]);
		// Parsed afresh: pkijs' parseInternalValues has already consumed (and re-tagged) its own copy.
		const fresh = pkijs.PFX.fromBER(p12.slice().buffer);
		const authSafe = pkijs.AuthenticatedSafe.fromBER((fresh.authSafe.content as asn1js.OctetString).getValue());
		const encrypted = new pkijs.EncryptedData({ schema: authSafe.safeContents[0]!.content });
		expect(encrypted.version).toBe(0);
		expect(pbes2Shape(encrypted.encryptedContentInfo.contentEncryptionAlgorithm)).toEqual(expectedPbes2(FAST.pbes2));
		expect(safes[0]!.value.safeBags.every((b) => b.bagId === OID.certBag)).toBe(true);
		expect(safes[1]!.value.safeBags.map((b) => b.bagId)).toEqual([OID.shroudedKeyBag]);
	});

	test('key and leaf carry the same friendlyName (alias) and localKeyId, the SHA-1 of the leaf', async () => {
		const { bags } = await openPfx(p12, PASSWORD);
		const keyBag = bags.find((b) => b.bagId === OID.shroudedKeyBag)!;
		const leafBag = bags.find((b) => b.bagId === OID.certBag && hex(certDerOf(b)) === hex(fx.leafDer))!;
		expect(leafBag).toBeDefined();
		expect(friendlyNameOf(keyBag)).toBe('node1');
		expect(friendlyNameOf(leafBag)).toBe('node1');
		const sha1 = hex(await globalThis.crypto.subtle.digest('SHA-1', fx.leafDer.slice()));
		expect(localKeyIdOf(keyBag)).toBe(sha1);
		expect(localKeyIdOf(leafBag)).toBe(sha1);
		expect((leafBag.bagValue as pkijs.CertBag).certId).toBe(OID.x509Certificate);
	});

	test('the intermediate is a plain cert bag and the root a trusted entry "ca" with the Oracle attribute', async () => {
		const { bags } = await openPfx(p12, PASSWORD);
		const certs = bags.filter((b) => b.bagId === OID.certBag);
		expect(certs.map((b) => hex(certDerOf(b)))).toEqual([hex(fx.leafDer), hex(fx.intermediateDer!), hex(fx.rootDer)]);
		const [, chain, trusted] = certs;
		expect(chain!.bagAttributes).toBeUndefined();
		expect(friendlyNameOf(trusted!)).toBe('ca');
		expect(localKeyIdOf(trusted!)).toBeUndefined();
		const usage = attr(trusted!, OID.jdkTrusted);
		expect(usage).toHaveLength(1);
		expect((usage![0] as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(OID.anyEku);
	});

	test('is DER throughout: no split OCTET STRINGs, definite lengths, sorted attribute sets', async () => {
		const { pfx, safes } = await openPfx(p12, PASSWORD);
		expect(derProblems(p12)).toEqual([]);
		const authSafeBytes = new Uint8Array((pfx.authSafe.content as asn1js.OctetString).getValue());
		expect(derProblems(authSafeBytes)).toEqual([]);
		for (const safe of safes) expect(derProblems(new Uint8Array(safe.value.toSchema().toBER(false)))).toEqual([]);
		// The checker itself must catch what pkijs would have written (a constructed OCTET STRING).
		const split = new asn1js.OctetString({
			isConstructed: true,
			idBlock: { isConstructed: true },
			value: [new asn1js.OctetString({ valueHex: new Uint8Array(3) })]
		} as never);
		expect(derProblems(new Uint8Array(split.toBER(false)))).not.toEqual([]);
	});
});

describe('buildPkcs12 options and refusals', () => {
	let fx: Pkcs12Fixture;
	beforeAll(async () => {
		fx = await makePkcs12Fixture('P-256');
	});
	const base = (): Pkcs12Input => ({
		privateKeyPkcs8: fx.pkcs8,
		certificateDer: fx.leafDer,
		chainDer: [],
		trustedCaDer: [fx.rootDer],
		alias: 'node1',
		password: pkcs12Password(PASSWORD),
		iterations: FAST
	});

	test('defaults to 100,000 PBES2 and MAC iterations', async () => {
		const { iterations: _, ...input } = base();
		const started = performance.now();
		const p12 = await buildPkcs12(input, globalThis.crypto);
		const ms = performance.now() - started;
		const { pfx, bags } = await openPfx(p12, PASSWORD);
		expect(DEFAULT_PKCS12_ITERATIONS).toEqual({ pbes2: 100_000, mac: 100_000 });
		expect(pfx.macData?.iterations).toBe(100_000);
		const keyBag = bags.find((b) => b.bagId === OID.shroudedKeyBag)!.bagValue as pkijs.PKCS8ShroudedKeyBag;
		expect(pbes2Shape(keyBag.encryptionAlgorithm).iterations).toBe(100_000);
		console.info(`P-256 .p12 with default iterations built in ${ms.toFixed(0)} ms`);
	});

	test('the password comes in through pkcs12Password, which refuses a non-ASCII one with p12-password-invalid on the passphrase field', () => {
		let error: unknown;
		try {
			pkcs12Password('pässword123');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(PkiError);
		expect((error as PkiError).code).toBe('p12-password-invalid');
		expect((error as PkiError).field).toBe('passphrase');
		expect((error as PkiError).message).toContain('"ä" (U+00E4)');
		expect(pkcs12Password(PASSWORD)).toBe(PASSWORD);
	});

	test('refuses an empty password', () => {
		expect(() => pkcs12Password('')).toThrow(
			expect.objectContaining({ code: 'p12-password-invalid', field: 'passphrase' })
		);
	});

	test('several trusted CAs become ca, ca-2, ...; a key alias "ca" pushes them along', async () => {
		const second = await makePkcs12Fixture('P-256');
		const p12 = await buildPkcs12(
			{ ...base(), alias: 'CA', trustedCaDer: [fx.rootDer, second.rootDer] },
			globalThis.crypto
		);
		const { bags } = await openPfx(p12, PASSWORD);
		const names = bags.filter((b) => attr(b, OID.jdkTrusted)).map(friendlyNameOf);
		expect(names).toEqual(['ca-2', 'ca-3']);
		expect(friendlyNameOf(bags.find((b) => b.bagId === OID.shroudedKeyBag)!)).toBe('CA');
	});

	test('with no trusted CA there is no trusted entry', async () => {
		const { bags } = await openPfx(await buildPkcs12({ ...base(), trustedCaDer: [] }, globalThis.crypto), PASSWORD);
		expect(bags.filter((b) => attr(b, OID.jdkTrusted))).toHaveLength(0);
		expect(bags).toHaveLength(2);
	});

	test('keeps attribute SETs in DER order when a long alias sorts its friendlyName after localKeyId', async () => {
		const p12 = await buildPkcs12({ ...base(), alias: 'elasticsearch-data-node-01' }, globalThis.crypto);
		const { safes } = await openPfx(p12, PASSWORD);
		for (const safe of safes) expect(derProblems(new Uint8Array(safe.value.toSchema().toBER(false)))).toEqual([]);
		const keyBag = safes.flatMap((s) => s.value.safeBags).find((b) => b.bagId === OID.shroudedKeyBag)!;
		expect(keyBag.bagAttributes!.map((a) => a.type)).toEqual([OID.localKeyId, OID.friendlyName]);
	});

	test('refuses input that is not PKCS#8 as a defect (keys come from WebCrypto), not as a user error', async () => {
		const error = await buildPkcs12({ ...base(), privateKeyPkcs8: new Uint8Array([1, 2, 3]) }, globalThis.crypto).catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(Error);
		expect(error).not.toBeInstanceOf(PkiError);
		expect((error as Error).message).toBe('Not a PKCS#8 PrivateKeyInfo');
	});

	test('refuses iteration counts out of range before any work, as a defect', async () => {
		for (const iterations of [
			{ pbes2: 0, mac: 1000 },
			{ pbes2: 1000, mac: 5_000_001 }
		]) {
			const error = await buildPkcs12({ ...base(), iterations }, globalThis.crypto).catch((e: unknown) => e);
			expect(error).not.toBeInstanceOf(PkiError);
			expect((error as Error).message).toMatch(/^PBKDF2 iteration count out of range: (0|5000001)$/);
		}
	});
});

describe('checkPkcs12Password', () => {
	test('accepts printable ASCII, spaces and punctuation included', () => {
		expect(checkPkcs12Password('correct horse battery')).toBeNull();
		expect(checkPkcs12Password(' !"#$%&\'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~')).toBeNull();
	});

	test('names the first character Java would reject', () => {
		expect(checkPkcs12Password('grüße')).toMatch(/"ü" \(U\+00FC\).*Password is not ASCII/);
		expect(checkPkcs12Password('key😀x')).toContain('"😀" (U+1F600)');
		expect(checkPkcs12Password('tab\there')).toContain('a tab (U+0009)');
		expect(checkPkcs12Password('line\nbreak')).toContain('a line break (U+000A)');
		expect(checkPkcs12Password('no\u00a0break')).toContain('a non-ASCII space (U+00A0)');
		expect(checkPkcs12Password('del\u007f')).toContain('control character (U+007F)');
	});

	test('refuses an empty password and says why', () => {
		expect(checkPkcs12Password('')).toMatch(/keytool cannot open/);
	});
});

describe('trustedCaAliases', () => {
	test('numbers from "ca" and skips the key alias whatever its case', () => {
		expect(trustedCaAliases(0, 'node1')).toEqual([]);
		expect(trustedCaAliases(3, 'node1')).toEqual(['ca', 'ca-2', 'ca-3']);
		expect(trustedCaAliases(2, 'Ca-2')).toEqual(['ca', 'ca-3']);
	});
});
