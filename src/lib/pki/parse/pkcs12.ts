import type { Bytes } from '../der/writer';
import { bytesToHex } from '../der/writer';
import { PkiError } from '../errors';
import { decryptPbe } from '../pbe/decrypt';
import { KdfBudget, type KdfPolicy } from '../pbe/kdf-budget';
import { wrongPassword } from '../pbe/pbes2';
import { macHashOf, pkcs12Mac } from '../pbe/pkcs12-mac';
import {
	algorithmOf,
	bmpStringOf,
	elementsOf,
	encodingOf,
	isContext,
	isSequence,
	octetsOf,
	oidOf,
	parseBer,
	smallIntegerOf,
	type BerNode
} from './ber';
import { decryptPkcs8 } from './private-keys';

/**
 * PKCS#12 / PFX (RFC 7292) as written by `openssl pkcs12 -export` (OpenSSL 3: PBES2, AES-256-CBC,
 * HMAC-SHA-256 MAC), `keytool -storetype PKCS12` (JDK 17: the same family), elasticsearch-certutil
 * and Windows (BER with indefinite lengths), and legacy files with pbeWithSHAAnd3-KeyTripleDES-CBC
 * and a SHA-1 MAC (OpenSSL 1.x, JDK 8, Windows and macOS exports; ../pbe/pkcs12-pbe.ts). RC2 and DES
 * (`openssl pkcs12 -legacy` puts certificates under RC2-40) are refused in words. Every key
 * derivation of the file counts against one budget (../pbe/kdf-budget.ts).
 */

export interface Pkcs12Bag {
	kind: 'certificate' | 'private-key';
	der: Bytes;
	friendlyName?: string;
	localKeyId?: string;
}

const BAG = {
	key: '1.2.840.113549.1.12.10.1.1',
	shroudedKey: '1.2.840.113549.1.12.10.1.2',
	cert: '1.2.840.113549.1.12.10.1.3'
} as const;
const X509_CERT = '1.2.840.113549.1.9.22.1';
const ATTR = { friendlyName: '1.2.840.113549.1.9.20', localKeyId: '1.2.840.113549.1.9.21' } as const;
const CONTENT = {
	data: '1.2.840.113549.1.7.1',
	signed: '1.2.840.113549.1.7.2',
	enveloped: '1.2.840.113549.1.7.3',
	encrypted: '1.2.840.113549.1.7.6'
} as const;
const WHAT = 'the PKCS#12 file';

const damaged = (detail: string) =>
	new PkiError('input-malformed', `The PKCS#12 file is damaged: ${detail}. Export it again.`);
const publicKeyMode = () =>
	new PkiError(
		'input-unsupported',
		'This PKCS#12 file is protected with a public key, not a password; only password-protected files can be opened here.'
	);

/** ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT } (RFC 5652 §3): its type and content. */
function contentInfo(node: BerNode | undefined): { type: string; content?: BerNode } {
	const [type, wrapper] = elementsOf(node);
	const oid = isSequence(node) ? oidOf(type) : undefined;
	if (!oid) throw damaged('a content block has no type');
	const content = isContext(wrapper, 0) ? elementsOf(wrapper)[0] : undefined;
	return content ? { type: oid, content } : { type: oid };
}

/** The octets of a Data ContentInfo's OCTET STRING (RFC 5652 §4). */
function dataOctets(info: { type: string; content?: BerNode }): Bytes {
	const octets = octetsOf(info.content);
	if (!octets) throw damaged('a data block holds no octets');
	return octets;
}

/**
 * MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
 * (RFC 7292 §4). Checked before anything is decrypted: a wrong password fails here.
 */
async function checkMac(
	macData: BerNode,
	authSafe: Bytes,
	password: string,
	crypto: Crypto,
	budget: KdfBudget
): Promise<void> {
	const [digestInfo, saltNode, iterationsNode] = elementsOf(macData);
	const [algorithmNode, digestNode] = elementsOf(digestInfo);
	const algorithm = algorithmOf(algorithmNode);
	const expected = octetsOf(digestNode);
	const salt = octetsOf(saltNode);
	const iterations = iterationsNode === undefined ? 1 : smallIntegerOf(iterationsNode);
	if (!algorithm || !expected || !salt || iterations === undefined || iterations < 1)
		throw damaged('its integrity block does not parse');
	const hash = macHashOf(algorithm.oid);
	if (!hash) {
		throw new PkiError(
			'input-unsupported',
			`The PKCS#12 file's integrity check uses ${algorithm.oid}, which cannot be checked ` +
				'here (HMAC with SHA-1, SHA-256, SHA-384 or SHA-512 can). Export it again with ' +
				"OpenSSL 3's defaults."
		);
	}
	budget.spend(iterations);
	const actual = await pkcs12Mac(authSafe, password, salt, iterations, hash, crypto);
	// Not secret-dependent timing worth hiding: the attacker holding the file can compute the MAC too.
	if (actual.length !== expected.length || actual.some((b, i) => b !== expected[i])) throw wrongPassword(WHAT);
}

/** EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT ciphertext } } (RFC 5652 §8, §6.1). */
async function decryptSafe(
	encryptedData: BerNode | undefined,
	password: string,
	crypto: Crypto,
	budget: KdfBudget
): Promise<Bytes> {
	const [, info] = elementsOf(encryptedData);
	const [, algorithm, ciphertextNode] = elementsOf(info);
	const ciphertext = isContext(ciphertextNode, 0) ? octetsOf(ciphertextNode) : undefined;
	if (!isSequence(info) || !ciphertext) throw damaged('an encrypted block does not parse');
	return decryptPbe(algorithm, ciphertext, password, crypto, WHAT, budget);
}

/**
 * Reads every certificate and key. The password opens the MAC, the encrypted safes and the shrouded
 * key bags alike, as OpenSSL and the JDK write them with one password. More than a million rounds in
 * all need `policy.allowSlowKdf` (the user confirmed), more than ten million are refused.
 */
export async function readPkcs12(
	der: Bytes,
	password: string,
	crypto: Crypto,
	policy: KdfPolicy = {}
): Promise<Pkcs12Bag[]> {
	const budget = new KdfBudget(WHAT, policy);
	const pfx = parseBer(der, 'The PKCS#12 file');
	const [version, authSafeNode, macData] = elementsOf(pfx);
	if (!isSequence(pfx) || smallIntegerOf(version) !== 3) throw damaged('it is not a version 3 PFX');
	const authSafeInfo = contentInfo(authSafeNode);
	if (authSafeInfo.type === CONTENT.signed) throw publicKeyMode();
	if (authSafeInfo.type !== CONTENT.data) throw damaged(`its content type ${authSafeInfo.type} is not data`);
	const authSafe = dataOctets(authSafeInfo);
	if (macData) await checkMac(macData, authSafe, password, crypto, budget);

	// AuthenticatedSafe ::= SEQUENCE OF ContentInfo, each Data or EncryptedData holding SafeContents (RFC 7292 §4.1).
	const out: Pkcs12Bag[] = [];
	for (const node of elementsOf(parseBer(authSafe, 'The PKCS#12 file'))) {
		const info = contentInfo(node);
		let safeContents: Bytes;
		if (info.type === CONTENT.data) safeContents = dataOctets(info);
		else if (info.type === CONTENT.encrypted) safeContents = await decryptSafe(info.content, password, crypto, budget);
		else if (info.type === CONTENT.enveloped) throw publicKeyMode();
		else throw damaged(`it holds a block of unknown type ${info.type}`);
		// A wrong password that slipped past CBC padding (files without a MAC) decrypts to garbage.
		let bags: BerNode[];
		try {
			bags = elementsOf(parseBer(safeContents, 'The PKCS#12 file'));
		} catch {
			throw info.type === CONTENT.encrypted
				? wrongPassword(WHAT)
				: damaged('a block of certificates and keys does not parse');
		}
		for (const bag of bags) out.push(...(await readBag(bag, password, crypto, budget)));
	}
	return out;
}

/** SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT, bagAttributes SET OF OPTIONAL } (RFC 7292 §4.2). */
async function readBag(bag: BerNode, password: string, crypto: Crypto, budget: KdfBudget): Promise<Pkcs12Bag[]> {
	const [idNode, valueWrapper, attributesNode] = elementsOf(bag);
	const bagId = oidOf(idNode);
	const value = isContext(valueWrapper, 0) ? elementsOf(valueWrapper)[0] : undefined;
	if (!bagId || !value) throw damaged('a bag does not parse');
	const names = attributes(attributesNode);
	if (bagId === BAG.cert) {
		// CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT OCTET STRING } (RFC 7292 §4.2.3); SDSI certificates are skipped.
		const [certId, certWrapper] = elementsOf(value);
		const certDer =
			oidOf(certId) === X509_CERT && isContext(certWrapper, 0) ? octetsOf(elementsOf(certWrapper)[0]) : undefined;
		return certDer ? [{ kind: 'certificate', der: certDer, ...names }] : [];
	}
	if (bagId === BAG.shroudedKey)
		return [{ kind: 'private-key', der: await decryptPkcs8(encodingOf(value), password, crypto, budget), ...names }];
	if (bagId === BAG.key) return [{ kind: 'private-key', der: encodingOf(value), ...names }];
	// CRL, secret and nested safe-contents bags carry nothing the vault takes.
	return [];
}

/** friendlyName (BMPString) and localKeyId (OCTET STRING, as hex) of a bag (PKCS #9, RFC 2985 §5.5.1-2). */
function attributes(set: BerNode | undefined): { friendlyName?: string; localKeyId?: string } {
	const out: { friendlyName?: string; localKeyId?: string } = {};
	for (const attribute of elementsOf(set)) {
		const [type, values] = elementsOf(attribute);
		const value = elementsOf(values)[0];
		const oid = oidOf(type);
		const name = oid === ATTR.friendlyName ? bmpStringOf(value) : undefined;
		if (name !== undefined) out.friendlyName = name;
		if (oid === ATTR.localKeyId) {
			const id = octetsOf(value);
			if (id) out.localKeyId = bytesToHex(id);
		}
	}
	return out;
}
