import {
	bmpString,
	derNull,
	explicit,
	implicitPrimitive,
	octetString,
	oid,
	sequence,
	set,
	smallInteger,
	type Bytes
} from '../pki/der/writer';
import { PkiError } from '../pki/errors';
import { checkIterations } from '../pki/pbe/pbes2';
import { MAC_HASH_OID, pkcs12Mac, type MacHash } from '../pki/pbe/pkcs12-mac';
import type { Pkcs12Compatibility } from '../pki/pbe/pkcs12-compatibility';
import { OID_PBE_SHA1_3DES, pbeSha13DesEncrypt } from '../pki/pbe/pkcs12-pbe';
import { encryptPkcs8Der, sealPbes2 } from './encrypted-pkcs8';

/**
 * A PKCS#12 file (RFC 7292) that the JDK loads as both a keystore and a truststore, so one
 * <name>.p12 serves Elasticsearch's xpack.security.transport.ssl.keystore.path and truststore.path
 * the way elasticsearch-certutil's does. What Java needs (each verified with keytool):
 * - the key in a PKCS8ShroudedKeyBag (Java skips plain KeyBags: "Unsupported PKCS12 bag type");
 * - friendlyName (the alias) and localKeyId equal on the key bag and the leaf's cert bag, which is
 *   how PKCS12KeyStore pairs a key with its certificate;
 * - each trusted CA in a cert bag with Oracle's trustedKeyUsage attribute, without which keytool
 *   lists the CA not at all ("Your keystore contains 0 entries");
 * - a printable-ASCII password ("Password is not ASCII" otherwise).
 * Two encryptions (Pkcs12Compatibility): "modern" is PBES2/PBKDF2-HMAC-SHA-256/AES-256-CBC for the
 * key and the certificate safe with an HMAC-SHA-256 MAC, the choices OpenSSL 3 and JDK 16+ make by
 * default; "legacy" is pbeWithSHAAnd3-KeyTripleDES-CBC for both with an HMAC-SHA-1 MAC, what Windows
 * writes by default and older JDKs and OpenSSL 1.x used for keys. Which platforms import each, and
 * the vendor sources for it: ../pki/pbe/pkcs12-compatibility.ts. The file is written with the
 * DER writer, so it is DER throughout (definite lengths, primitive OCTET STRINGs, sorted SETs).
 */

/** Which platforms each choice imports on: ../pki/pbe/pkcs12-compatibility.ts. */
export type { Pkcs12Compatibility };

export interface Pkcs12Iterations {
	/** PBKDF2 rounds for the shrouded key bag and the encrypted certificate safe. */
	pbes2: number;
	/** Rounds of the RFC 7292 Appendix B KDF that keys the HMAC-SHA-256 MAC. */
	mac: number;
}

/**
 * The MAC is the cheapest place to test a password guess: anyone with the file can check a guess
 * against it without touching the PBES2 layers. So PBES2 rounds beyond the MAC's buy no strength,
 * and the MAC's are bounded by speed: the PKCS#12 KDF runs in JavaScript (@noble/hashes,
 * ../pki/pbe/pkcs12-mac.ts): 100,000 rounds took 120-300 ms in Node 20 on a 2-core VM, native
 * PBKDF2 at the same count about 40 ms, and a whole P-256 .p12 300-550 ms. 100,000 for both is 10x what
 * JDK 17 writes (java.security: keystore.pkcs12.{mac,keyPbe,certPbe}IterationCount = 10000) and 50x
 * OpenSSL 3's 2,048, keeps a 30-node bulk export around ten seconds in the worker, and stays far
 * below the JDK's cap of 5,000,000 (PKCS12KeyStore MAX_ITERATION_COUNT).
 */
export const DEFAULT_PKCS12_ITERATIONS: Readonly<Pkcs12Iterations> = { pbes2: 100_000, mac: 100_000 };

/**
 * Legacy files run the PKCS#12 KDF in JavaScript for everything, three times per 3DES layer (key in
 * two SHA-1 blocks, then the IV) plus the MAC: seven runs. 10,000 rounds each, what JDK 17 writes
 * (java.security: keystore.pkcs12.{mac,keyPbe,certPbe}IterationCount), keeps a file near a third of
 * a second and is five times OpenSSL's 2,048.
 */
export const LEGACY_PKCS12_ITERATIONS: Readonly<Pkcs12Iterations> = { pbes2: 10_000, mac: 10_000 };

export interface Pkcs12Input {
	/** Unencrypted PKCS#8 PrivateKeyInfo (DER) of the leaf. */
	privateKeyPkcs8: ArrayBuffer | Uint8Array;
	/** The leaf certificate (DER) that belongs to the key. */
	certificateDer: Uint8Array;
	/** Intermediate CA certificates (DER), leaf's issuer first; may be empty. */
	chainDer: Uint8Array[];
	/** CA certificates (DER) to store as trusted entries (Java trustedCertEntry). */
	trustedCaDer: Uint8Array[];
	/** The key entry's alias (friendlyName), e.g. the node name as elasticsearch-certutil uses it. */
	alias: string;
	password: Pkcs12Password;
	/** 'modern' unless given. */
	compatibility?: Pkcs12Compatibility;
	iterations?: Pkcs12Iterations;
}

declare const checked: unique symbol;
/** A password pkcs12Password accepted: the only kind buildPkcs12 takes, so it is checked once, where it comes in. */
export type Pkcs12Password = string & { readonly [checked]: true };

const OID = {
	keyBag: '1.2.840.113549.1.12.10.1.2', // pkcs8ShroudedKeyBag, RFC 7292 §4.2.2
	certBag: '1.2.840.113549.1.12.10.1.3', // certBag, RFC 7292 §4.2.3
	x509Certificate: '1.2.840.113549.1.9.22.1', // certId of a DER X.509 certificate, RFC 7292 §4.2.3
	friendlyName: '1.2.840.113549.1.9.20', // PKCS #9 friendlyName, BMPString
	localKeyId: '1.2.840.113549.1.9.21', // PKCS #9 localKeyId, OCTET STRING
	// Oracle's trustedKeyUsage bag attribute; the JDK writes and expects anyExtendedKeyUsage here
	// (sun.security.pkcs12.PKCS12KeyStore TrustedKeyUsage_OID; OpenSSL 3.2 -jdktrust writes the same).
	jdkTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
	anyExtendedKeyUsage: '2.5.29.37.0',
	data: '1.2.840.113549.1.7.1', // CMS Data, RFC 5652 §4
	encryptedData: '1.2.840.113549.1.7.6' // CMS EncryptedData, RFC 5652 §8
} as const;

function describeCharacter(ch: string): string {
	const code = ch.codePointAt(0) ?? 0;
	const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
	if (ch === '\t') return `a tab (${hex})`;
	if (ch === '\n' || ch === '\r') return `a line break (${hex})`;
	if (code < 0x20 || code === 0x7f) return `an invisible control character (${hex})`;
	if (code === 0xa0 || ch.trim() === '') return `a non-ASCII space (${hex})`;
	return `"${ch}" (${hex})`;
}

/**
 * Why a PKCS#12 password would not work with Java, in words for the user, or null if it is fine.
 * The JDK refuses any character outside ASCII when it opens a PBES2-protected PKCS#12
 * ("getSecretKey failed: Password is not ASCII", verified with JDK 17); control characters are
 * ASCII but cannot be typed at keytool's or elasticsearch-keystore's prompt, so only printable
 * ASCII (space to "~") is allowed. An empty password is refused because keytool cannot open such
 * stores.
 */
export function checkPkcs12Password(password: string): string | null {
	if (password.length === 0) {
		return "Enter a password for the PKCS#12 file: Java's keytool cannot open one protected by an empty password.";
	}
	for (const ch of password) {
		const code = ch.codePointAt(0) ?? 0;
		if (code < 0x20 || code > 0x7e) {
			return (
				`The password contains ${describeCharacter(ch)}. Java, and so Elasticsearch, refuses PKCS#12 passwords ` +
				'with characters outside plain ASCII ("Password is not ASCII"). Use only the letters A-Z and a-z, ' +
				'digits, spaces and ASCII punctuation.'
			);
		}
	}
	return null;
}

/**
 * The entry of the PKCS#12 path: a password typed by the user becomes a Pkcs12Password here, or is
 * refused with p12-password-invalid on the passphrase field and the reason checkPkcs12Password gives.
 */
export function pkcs12Password(password: string): Pkcs12Password {
	const problem = checkPkcs12Password(password);
	if (problem) throw new PkiError('p12-password-invalid', problem, 'passphrase');
	return password as Pkcs12Password;
}

/**
 * Aliases for the trusted CA entries: "ca" as elasticsearch-certutil names its CA entry, then
 * "ca-2", "ca-3", ... Java lower-cases PKCS#12 aliases when it loads them (PKCS12KeyStore keys its
 * entries by alias.toLowerCase(Locale.ENGLISH)), so a name equal to the key's alias in any case is
 * skipped rather than letting one entry hide the other.
 */
export function trustedCaAliases(count: number, keyAlias: string): string[] {
	const taken = keyAlias.toLowerCase();
	const aliases: string[] = [];
	for (let n = 1; aliases.length < count; n++) {
		const candidate = n === 1 ? 'ca' : `ca-${n}`;
		if (candidate !== taken) aliases.push(candidate);
	}
	return aliases;
}

/** Attribute ::= SEQUENCE { attrId OBJECT IDENTIFIER, attrValues SET OF ... } (RFC 7292 §4.2). */
const attribute = (type: string, value: Bytes): Bytes => sequence(oid(type), set(value));
const friendlyName = (name: string) => attribute(OID.friendlyName, bmpString(name));
const localKeyId = (id: Uint8Array) => attribute(OID.localKeyId, octetString(id));
const jdkTrusted = () => attribute(OID.jdkTrustedKeyUsage, oid(OID.anyExtendedKeyUsage));

/** X.690 §11.6: DER orders the elements of a SET OF by their encodings, shorter padded with zeros. */
function compareDer(a: Uint8Array, b: Uint8Array): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}

/** SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OF PKCS12Attribute OPTIONAL } (RFC 7292 §4.2). */
function safeBag(bagId: string, value: Bytes, attributes: Bytes[]): Bytes {
	// An absent bagAttributes, not an empty SET, for bags without attributes (as OpenSSL writes).
	const attrs = attributes.length > 0 ? [set(...[...attributes].sort(compareDer))] : [];
	return sequence(oid(bagId), explicit(0, value), ...attrs);
}

/** CertBag ::= SEQUENCE { certId x509Certificate, certValue [0] EXPLICIT OCTET STRING (the DER) } (RFC 7292 §4.2.3). */
const certBag = (der: Uint8Array, attributes: Bytes[]) =>
	safeBag(OID.certBag, sequence(oid(OID.x509Certificate), explicit(0, octetString(der))), attributes);

function checkAlias(alias: string): void {
	// The alias comes from a node name the caller has already validated; a bad one is a defect.
	// eslint-disable-next-line no-control-regex
	if (alias.trim().length === 0 || /[\u0000-\u001f\u007f]/.test(alias))
		throw new Error(`Invalid PKCS#12 alias ${JSON.stringify(alias)}`);
}

/**
 * MAC salt: 128 bits for modern files (RFC 7292 §4 leaves the size open; the JDK writes 20 bytes);
 * legacy files take OpenSSL's 8 bytes (PKCS12_SALT_LEN), also for the 3DES salts, since macOS has
 * been reported to refuse files with longer salts (https://ca.stable.confirm.ch/pkcs12.html).
 */
const MAC_SALT_BYTES = { modern: 16, legacy: 8 } as const;
const LEGACY_SALT_BYTES = 8;

/** The key bag and the certificate safe sealed one way or the other: AlgorithmIdentifier and ciphertext. */
interface Sealer {
	macHash: MacHash;
	seal(plain: Bytes): Promise<{ algorithm: Bytes; ciphertext: Bytes }>;
}

function sealerFor(
	compatibility: Pkcs12Compatibility,
	password: Pkcs12Password,
	iterations: number,
	crypto: Crypto
): Sealer {
	if (compatibility === 'modern')
		return { macHash: 'SHA-256', seal: (plain) => sealPbes2(plain, password, iterations, crypto) };
	return {
		macHash: 'SHA-1',
		seal: async (plain) => {
			const salt = crypto.getRandomValues(new Uint8Array(LEGACY_SALT_BYTES));
			// pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER } (RFC 7292 Appendix C)
			const algorithm = sequence(oid(OID_PBE_SHA1_3DES), sequence(octetString(salt), smallInteger(iterations)));
			return { algorithm, ciphertext: pbeSha13DesEncrypt(plain, password, salt, iterations) };
		}
	};
}

/**
 * Builds the .p12 bytes. Pure: no DOM; runs in Node, the page and a worker. The password was
 * checked where it came in (pkcs12Password); the alias and iteration counts, which the code
 * chooses, are checked here once, and a bad one is a defect.
 */
export async function buildPkcs12(input: Pkcs12Input, crypto: Crypto): Promise<Bytes> {
	checkAlias(input.alias);
	const compatibility = input.compatibility ?? 'modern';
	const iterations =
		input.iterations ?? (compatibility === 'modern' ? DEFAULT_PKCS12_ITERATIONS : LEGACY_PKCS12_ITERATIONS);
	checkIterations(iterations.pbes2);
	checkIterations(iterations.mac);

	// SHA-1 of the leaf certificate, as `openssl pkcs12 -export` computes its localKeyID (X509_digest
	// with SHA-1 in apps/pkcs12.c); any value works as long as key and certificate carry the same.
	const keyId = new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array(input.certificateDer)));
	const entryAttributes = () => [friendlyName(input.alias), localKeyId(keyId)];

	const sealer = sealerFor(compatibility, input.password, iterations.pbes2, crypto);
	const shroudedKey =
		compatibility === 'modern'
			? await encryptPkcs8Der(input.privateKeyPkcs8, input.password, crypto, iterations.pbes2)
			: await legacyShroudedKey(input.privateKeyPkcs8, sealer);
	const keySafe = sequence(safeBag(OID.keyBag, shroudedKey, entryAttributes()));

	const caAliases = trustedCaAliases(input.trustedCaDer.length, input.alias);
	const certSafe = sequence(
		certBag(input.certificateDer, entryAttributes()),
		...input.chainDer.map((der) => certBag(der, [])),
		...input.trustedCaDer.map((der, i) => certBag(der, [friendlyName(caAliases[i] ?? 'ca'), jdkTrusted()]))
	);
	// Certificates go in an encrypted safe as OpenSSL and the JDK write them; the key's safe is plain
	// Data because the key bag is itself encrypted (RFC 7292 §5.1 step 2).
	const sealedCerts = await sealer.seal(certSafe);
	// EncryptedData ::= SEQUENCE { version 0, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT ciphertext } } (RFC 5652 §8, §6.1)
	const encryptedData = sequence(
		smallInteger(0),
		sequence(oid(OID.data), sealedCerts.algorithm, implicitPrimitive(0, sealedCerts.ciphertext))
	);
	const authenticatedSafe = sequence(
		sequence(oid(OID.encryptedData), explicit(0, encryptedData)),
		sequence(oid(OID.data), explicit(0, octetString(keySafe)))
	);

	// MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER } over the
	// authenticated safe's octets (RFC 7292 §4, §5.1 step 4); the KDF takes the password as a BMPString.
	const macSalt = crypto.getRandomValues(new Uint8Array(MAC_SALT_BYTES[compatibility]));
	const mac = await pkcs12Mac(authenticatedSafe, input.password, macSalt, iterations.mac, sealer.macHash, crypto);
	const macData = sequence(
		sequence(sequence(oid(MAC_HASH_OID[sealer.macHash]), derNull()), octetString(mac)),
		octetString(macSalt),
		smallInteger(iterations.mac)
	);
	// PFX ::= SEQUENCE { version 3, authSafe ContentInfo (Data), macData } (RFC 7292 §4)
	return sequence(smallInteger(3), sequence(oid(OID.data), explicit(0, octetString(authenticatedSafe))), macData);
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData OCTET STRING } (RFC 5958 §3), under 3DES. */
async function legacyShroudedKey(pkcs8: ArrayBuffer | Uint8Array, sealer: Sealer): Promise<Bytes> {
	const sealed = await sealer.seal(new Uint8Array(pkcs8));
	return sequence(sealed.algorithm, octetString(sealed.ciphertext));
}
