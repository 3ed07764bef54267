import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { KdfBudget } from '../pbe/kdf-budget';
import { x509 } from '../x509';
import { elementsOf, encodingOf, isContext, isSequence, oidOf, parseBer, smallIntegerOf } from './ber';
import { looksLikeCrl, readCrl } from './crl-reader';
import { contents, oidText, outerTlv, tryChildren } from './der-util';
import { pkcs8Info } from './key-info';
import { readPkcs12 } from './pkcs12';
import { decryptPkcs8, pkcs1ToPkcs8, sec1ToPkcs8 } from './private-keys';
import type { ItemSource, ParsedItem, PrivateKeyItem } from './types';

/** What one readable unit (a file, a zip entry, a PEM block) needs to turn bytes into items. */
export interface ReadContext {
	source: ItemSource;
	label: string;
	mode?: number;
	crypto: Crypto;
	/** Resolves the password for this unit or throws PkiError('password-required'). */
	password: (kind: 'pkcs12' | 'encrypted-key') => Promise<string>;
	/** Curve OID from an "EC PARAMETERS" block earlier in the same PEM file. */
	curveHint?: string;
	/** Revoked certificates one CRL may list (ParseLimits). */
	maxCrlEntries?: number;
	/** The user confirmed a slow key derivation (more than a million rounds: ../pbe/kdf-budget.ts). */
	allowSlowKdf?: boolean;
}

const base = (ctx: ReadContext, der: Bytes) => ({
	source: ctx.source,
	label: ctx.label,
	der,
	...(ctx.mode !== undefined ? { mode: ctx.mode } : {})
});

/**
 * The x509 library takes bytes that do not start with a SEQUENCE for PEM, hex or base64 text and
 * runs its regular expressions over them; decoded PEM blocks are arbitrary bytes, so only DER is handed over.
 */
function sequenceDer(der: Bytes): Bytes {
	if (der[0] !== 0x30) throw new Error('it does not start with a DER SEQUENCE');
	return der;
}

export const certificateItem = (ctx: ReadContext, der: Bytes): ParsedItem => ({
	kind: 'certificate',
	...base(ctx, der),
	cert: new x509.X509Certificate(sequenceDer(der))
});
export const crlItem = (ctx: ReadContext, der: Bytes): ParsedItem => ({
	kind: 'crl',
	...base(ctx, der),
	crl: readCrl(sequenceDer(der), ctx.maxCrlEntries)
});
export const csrItem = (ctx: ReadContext, der: Bytes): ParsedItem => ({
	kind: 'csr',
	...base(ctx, der),
	csr: new x509.Pkcs10CertificateRequest(sequenceDer(der))
});
export const keyItem = (ctx: ReadContext, pkcs8: Bytes, format: PrivateKeyItem['format']): ParsedItem => ({
	kind: 'private-key',
	...base(ctx, pkcs8),
	algorithm: pkcs8Info(pkcs8),
	format
});

/** Runs an x509 parser on bytes we already know the shape of, turning its exceptions into a PkiError. */
export function strictly<T>(what: string, parse: () => T): T {
	try {
		return parse();
	} catch (e) {
		if (e instanceof PkiError) throw e;
		throw new PkiError('input-malformed', `The ${what} is damaged: ${(e as Error).message}. Export it again.`);
	}
}

const PBES = [
	'1.2.840.113549.1.5.13',
	'1.2.840.113549.1.5.3',
	'1.2.840.113549.1.5.10',
	'1.2.840.113549.1.12.1.3',
	'1.2.840.113549.1.12.1.6'
];

/**
 * Binary input of unknown type: the DER shapes are told apart by their first fields, then each is
 * handed to its parser. The outer length is checked first, so truncated files get "cut short".
 */
export async function readDer(input: Bytes, ctx: ReadContext): Promise<ParsedItem[]> {
	// Every format read here is a DER SEQUENCE; anything else is not ours, whatever its length octets say.
	if (input[0] !== 0x30) throw unrecognized(ctx.label);
	// Indefinite lengths (X.690 §8.1.3.6) are BER, which only the container formats use in practice.
	if (input[1] === 0x80) return readBerContainer(input, ctx);
	const outer = outerTlv(input, ctx.label);
	const der = input.subarray(0, outer.end);
	const children = tryChildren(der, outer);
	if (!children) return readBerContainer(der, ctx);
	const [a, b, c] = children;
	const tags = children.map((t) => t.tag);
	const intValue = (t = a) => (t?.tag === 0x02 && t.end - t.contentStart === 1 ? der[t.contentStart] : undefined);

	// PFX ::= SEQUENCE { version INTEGER (v3), authSafe ContentInfo, macData OPTIONAL } (RFC 7292 §4)
	if (intValue() === 3 && b?.tag === 0x30) return readPkcs12Items(der, ctx);
	// Certificate, CertificateList and CertificationRequest all are SEQUENCE { tbs, algorithm, BIT STRING } (RFC 5280 §4.1, §5.1; RFC 2986 §4.2).
	if (tags.length === 3 && a?.tag === 0x30 && b?.tag === 0x30 && c?.tag === 0x03) return [signedObject(der, ctx)];
	// PrivateKeyInfo / OneAsymmetricKey ::= SEQUENCE { version 0|1, AlgorithmIdentifier, OCTET STRING, ... } (RFC 5958 §2)
	if ((intValue() === 0 || intValue() === 1) && b?.tag === 0x30 && c?.tag === 0x04) return [keyItem(ctx, der, 'pkcs8')];
	// EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier (PBES2 …), OCTET STRING } (RFC 5958 §3)
	if (tags.length === 2 && a?.tag === 0x30 && b?.tag === 0x04) {
		const alg = tryChildren(der, a)?.[0];
		if (alg?.tag === 0x06 && PBES.includes(oidText(contents(der, alg)))) {
			return [await encryptedKeyItem(ctx, der)];
		}
	}
	// RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv } (RFC 8017 App. A.1.2)
	if (tags.length >= 9 && tags.every((t) => t === 0x02)) return [keyItem(ctx, pkcs1ToPkcs8(der), 'pkcs1')];
	// ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] params, [1] publicKey } (RFC 5915 §3)
	if (intValue() === 1 && b?.tag === 0x04) return [keyItem(ctx, sec1ToPkcs8(der, ctx.curveHint), 'sec1')];
	// ContentInfo with SignedData: a PKCS#7 "certs-only" bundle (.p7b, RFC 5652 §5)
	if (a?.tag === 0x06 && oidText(contents(der, a)) === SIGNED_DATA) return readPkcs7(der, ctx);
	throw unrecognized(ctx.label);
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/**
 * A PFX or PKCS#7 bundle in BER (Windows and NSS write them with indefinite lengths and
 * constructed OCTET STRINGs); the other formats here are always DER.
 */
async function readBerContainer(input: Bytes, ctx: ReadContext): Promise<ParsedItem[]> {
	let first;
	try {
		first = elementsOf(parseBer(input, ctx.label))[0];
	} catch {
		throw unrecognized(ctx.label);
	}
	if (smallIntegerOf(first) === 3) return readPkcs12Items(input, ctx);
	if (oidOf(first) === SIGNED_DATA) return readPkcs7(input, ctx);
	throw unrecognized(ctx.label);
}

/** An EncryptedPrivateKeyInfo (RFC 5958 §3), decrypted under its own round budget. */
export async function encryptedKeyItem(ctx: ReadContext, der: Bytes): Promise<ParsedItem> {
	const password = await ctx.password('encrypted-key');
	const budget = new KdfBudget('the private key', { allowSlowKdf: ctx.allowSlowKdf === true });
	return keyItem(ctx, await decryptPkcs8(der, password, ctx.crypto, budget), 'encrypted-pkcs8');
}

async function readPkcs12Items(der: Bytes, ctx: ReadContext): Promise<ParsedItem[]> {
	const bags = await readPkcs12(der, await ctx.password('pkcs12'), ctx.crypto, {
		allowSlowKdf: ctx.allowSlowKdf === true
	});
	return bags.map((bag, i) => pkcs12Item(ctx, bag, i));
}

function signedObject(der: Bytes, ctx: ReadContext): ParsedItem {
	// The TBS tells them apart: a certificate has a serial and validity, a CRL starts with its signature
	// algorithm or version then algorithm, a CSR has version, Name, SubjectPublicKeyInfo.
	if (looksLikeCrl(der)) return strictly('CRL', () => crlItem(ctx, der));
	for (const make of [certificateItem, crlItem, csrItem]) {
		try {
			return make(ctx, der);
		} catch (e) {
			// A budget refused is the answer; anything else means: try the next shape.
			if (e instanceof PkiError) throw e;
		}
	}
	throw new PkiError(
		'input-malformed',
		`${ctx.label} looks like a certificate, CRL or CSR but its contents do not parse; it may be damaged. Export it again.`
	);
}

/**
 * A PKCS#7 "certs-only" bundle (.p7b): ContentInfo { signedData, SignedData { version,
 * digestAlgorithms, encapContentInfo, certificates [0] IMPLICIT, crls [1] IMPLICIT, signerInfos } }
 * (RFC 5652 §5.1). Plain X.509 certificates and CRLs are the untagged SEQUENCE choices of
 * CertificateChoices and RevocationInfoChoice (§10.2.2, §10.2.1); the tagged alternatives are skipped.
 */
function readPkcs7(der: Bytes, ctx: ReadContext): ParsedItem[] {
	const info = elementsOf(parseBer(der, 'The PKCS#7 bundle'));
	const signedData = isContext(info[1], 0) ? elementsOf(info[1])[0] : undefined;
	if (!isSequence(signedData))
		throw new PkiError('input-malformed', 'The PKCS#7 bundle is damaged: it holds no signed data. Export it again.');
	const fields = elementsOf(signedData);
	const sequencesIn = (tag: number) =>
		elementsOf(fields.find((f) => isContext(f, tag)))
			.filter(isSequence)
			.map(encodingOf);
	const certs = sequencesIn(0);
	const crls = sequencesIn(1);
	const at = (i: number) => ({ ...ctx, source: { ...ctx.source, block: i + 1 } });
	return [
		...certs.map((c, i) => strictly('certificate in the PKCS#7 bundle', () => certificateItem(at(i), c))),
		...crls.map((c, i) => strictly('CRL in the PKCS#7 bundle', () => crlItem(at(certs.length + i), c)))
	];
}

function pkcs12Item(ctx: ReadContext, bag: Awaited<ReturnType<typeof readPkcs12>>[number], i: number): ParsedItem {
	const source: ItemSource = { ...ctx.source, block: i + 1 };
	if (bag.friendlyName !== undefined) source.friendlyName = bag.friendlyName;
	if (bag.localKeyId !== undefined) source.localKeyId = bag.localKeyId;
	const sub = { ...ctx, source, label: `${ctx.label} › ${bag.friendlyName ?? `item ${i + 1}`}` };
	return bag.kind === 'certificate'
		? strictly('certificate in the PKCS#12 file', () => certificateItem(sub, bag.der))
		: keyItem(sub, bag.der, 'pkcs12');
}

export function unrecognized(label: string): PkiError {
	return new PkiError(
		'input-unrecognized',
		`${label} is not a certificate, key, CSR, CRL, PKCS#12 or zip we can read. Drop PEM or ` +
			'DER files (.crt, .pem, .key, .csr, .crl), a .p12/.pfx or a .zip of them.'
	);
}
