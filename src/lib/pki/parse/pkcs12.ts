import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesToHex, type Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { decryptPkcs8, wrongPassword } from './private-keys';

/**
 * PKCS#12 / PFX (RFC 7292) as written by `openssl pkcs12 -export` (OpenSSL 3: PBES2, AES-256-CBC,
 * HMAC-SHA-256 MAC) and `keytool -storetype PKCS12` (JDK 17: the same family). Legacy files with
 * RC2/3DES (openssl -legacy, old Windows exports) need PBES1 ciphers that WebCrypto lacks.
 */

export interface Pkcs12Bag {
	kind: 'certificate' | 'private-key';
	der: Bytes;
	friendlyName?: string;
	localKeyId?: string;
}

const BAG = { key: '1.2.840.113549.1.12.10.1.1', shroudedKey: '1.2.840.113549.1.12.10.1.2', cert: '1.2.840.113549.1.12.10.1.3' } as const;
const X509_CERT = '1.2.840.113549.1.9.22.1';
const ATTR = { friendlyName: '1.2.840.113549.1.9.20', localKeyId: '1.2.840.113549.1.9.21' } as const;
const CONTENT = { data: '1.2.840.113549.1.7.1', encrypted: '1.2.840.113549.1.7.6' } as const;

/** Cheap structural test: PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData OPTIONAL }. */
export function looksLikePkcs12(der: Bytes): boolean {
	try {
		const pfx = pkijs.PFX.fromBER(der);
		return pfx.version === 3;
	} catch {
		return false;
	}
}

export async function readPkcs12(der: Bytes, password: string, crypto: Crypto): Promise<Pkcs12Bag[]> {
	const engine = new pkijs.CryptoEngine({ name: 'injected', crypto });
	const pwd = new TextEncoder().encode(password).buffer;
	let pfx: pkijs.PFX;
	try {
		pfx = pkijs.PFX.fromBER(der);
	} catch {
		throw new PkiError('input-malformed', 'The PKCS#12 file is damaged: its structure does not parse. Export it again.');
	}
	try {
		// Checks the password-based MAC (RFC 7292 §5) first: a wrong password fails here, before any decryption.
		await pfx.parseInternalValues({ password: pwd, checkIntegrity: pfx.macData !== undefined }, engine);
	} catch (e) {
		throw wrongPassword('the PKCS#12 file', e);
	}
	const safe = (pfx.parsedValue as { authenticatedSafe?: pkijs.AuthenticatedSafe } | undefined)?.authenticatedSafe;
	if (!safe) throw new PkiError('input-unsupported', 'This PKCS#12 file is protected with a public key, not a password; only password-protected files can be opened here.');
	const modes = safe.safeContents.map((ci) => {
		if (ci.contentType === CONTENT.data) return {};
		if (ci.contentType === CONTENT.encrypted) return { password: pwd };
		throw new PkiError('input-unsupported', 'This PKCS#12 file encrypts its contents for a recipient key; only password-protected files can be opened here.');
	});
	try {
		await safe.parseInternalValues({ safeContents: modes }, engine);
	} catch (e) {
		throw wrongPassword('the PKCS#12 file', e);
	}
	const contents = (safe.parsedValue as { safeContents: { value: pkijs.SafeContents }[] }).safeContents;
	const out: Pkcs12Bag[] = [];
	for (const { value } of contents) for (const bag of value.safeBags) out.push(...(await readBag(bag, password, crypto)));
	return out;
}

async function readBag(bag: pkijs.SafeBag, password: string, crypto: Crypto): Promise<Pkcs12Bag[]> {
	const names = attributes(bag);
	if (bag.bagId === BAG.cert) {
		const cb = bag.bagValue as pkijs.CertBag;
		if (cb.certId !== X509_CERT || !(cb.certValue instanceof asn1js.OctetString)) return [];
		return [{ kind: 'certificate', der: new Uint8Array(cb.certValue.getValue()), ...names }];
	}
	if (bag.bagId === BAG.shroudedKey) {
		const sk = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
		const encrypted = new Uint8Array(sk.toSchema().toBER(false));
		return [{ kind: 'private-key', der: await decryptPkcs8(encrypted, password, crypto), ...names }];
	}
	if (bag.bagId === BAG.key) {
		const key = bag.bagValue as pkijs.PrivateKeyInfo;
		return [{ kind: 'private-key', der: new Uint8Array(key.toSchema().toBER(false)), ...names }];
	}
	return [];
}

function attributes(bag: pkijs.SafeBag): { friendlyName?: string; localKeyId?: string } {
	const out: { friendlyName?: string; localKeyId?: string } = {};
	for (const a of bag.bagAttributes ?? []) {
		const v: unknown = a.values[0];
		if (a.type === ATTR.friendlyName && v instanceof asn1js.BmpString) out.friendlyName = v.valueBlock.value;
		if (a.type === ATTR.localKeyId && v instanceof asn1js.OctetString) out.localKeyId = bytesToHex(new Uint8Array(v.getValue()));
	}
	return out;
}
