import { keyImportParams, type KeyAlgorithm } from '../algorithms';
import type { PkiDeps } from '../deps';
import { PkiError } from '../errors';
import { keyMatchesCertificate } from '../lint/key-match';
import type { x509 } from '../x509';
import { assertCurrent, assertUsableCa, commonName, importedKeyAlgorithm, unsupportedKey } from './ca-checks';
import { distinct, orderChain } from './chain';
import { readImportFiles, type ImportFile } from './read-files';

export interface ImportCaInput {
	files: readonly ImportFile[];
	/** The password of a PKCS#12 or encrypted PKCS#8 among the files ('' or absent: none given). */
	password?: string;
	/** The user confirmed importing a CA whose certificate (or a parent's) is outside its validity. */
	acceptExpired?: boolean;
	/** The user confirmed a PKCS#12 or key with more than a million key-derivation rounds (pbe/kdf-budget.ts). */
	allowSlowKdf?: boolean;
}

export interface ImportedCaMaterial {
	certificate: x509.X509Certificate;
	/**
	 * Extractable, so it can be sealed (WebCrypto wraps only extractable keys). It must not leave the
	 * worker op that called this: the op seals it and keeps only the non-extractable unsealed copy.
	 */
	extractableKey: CryptoKey;
	keyAlgorithm: KeyAlgorithm;
	/** Parents' certificates, nearest first, ending at the root; empty for a root. */
	chain: x509.X509Certificate[];
	commonName: string;
	/** What the user loaded, for CaRecord.external.source: "ca.crt + ca.key", "elastic-stack-ca.p12". */
	source: string;
	/** The user accepted a certificate outside its validity period. */
	outOfValidity: boolean;
}

/**
 * An external CA's certificate and key, checked before anything is stored: exactly one key, a
 * certificate whose public key is that key's (compared as public numbers, lint/key-match.ts), an
 * algorithm the app signs with, a real CA (ca-checks.ts), a chain that leads to a root (chain.ts),
 * and a validity period that holds now or that the user accepted.
 */
export async function importCa(input: ImportCaInput, deps: PkiDeps): Promise<ImportedCaMaterial> {
	if (!input.files.some((f) => f.field === 'certificateFile')) {
		throw new PkiError(
			'import-certificate-missing',
			"Choose the CA's certificate file (PEM), or a .p12 / .pfx that holds the certificate and its key.",
			'certificateFile'
		);
	}
	const read = await readImportFiles(input.files, input.password, deps.crypto, input.allowSlowKdf === true);
	const keys = read.keys.filter((k, i) => read.keys.findIndex((o) => sameDer(o.der, k.der)) === i);
	const keyField = input.files.some((f) => f.field === 'keyFile') ? 'keyFile' : 'certificateFile';
	if (keys.length === 0) {
		throw new PkiError(
			'import-key-missing',
			"No private key was found in the files. Choose the CA's key file too (ca.key, consul-agent-ca-key.pem), or a .p12 that holds the key.",
			keyField
		);
	}
	if (keys.length > 1) {
		throw new PkiError(
			'import-key-several',
			`The files hold ${keys.length} different private keys (${keys.map((k) => k.label).join(', ')}). Choose only the CA's own key.`,
			keyField
		);
	}
	const key = keys[0]!;
	if (read.certificates.length === 0) {
		throw new PkiError(
			'import-certificate-missing',
			"No certificate was found in the files. Choose the CA's certificate (PEM), or a .p12 that holds it.",
			'certificateFile'
		);
	}
	const certs = distinct(read.certificates.map((c) => c.cert));
	let ca: x509.X509Certificate | undefined;
	for (const cert of certs) {
		const match = await keyMatchesCertificate(key.der, key.algorithm, cert, deps.crypto);
		// undefined: WebCrypto cannot load this key type at all (DSA, Ed448, a curve browsers lack).
		if (match === undefined) throw unsupportedKey(key.label, key.algorithm.label, key.field);
		if (match) {
			ca = cert;
			break;
		}
	}
	if (!ca) {
		const names = certs.map(commonName).join('", "');
		throw new PkiError(
			'import-key-mismatch',
			`The private key (${key.algorithm.label}) does not belong to "${names}": its public ` +
				'key is different. Choose the key that was made together with this CA certificate.',
			key.field
		);
	}
	const certField = read.certificates.find((c) => c.cert === ca)?.field ?? 'certificateFile';
	const keyAlgorithm = importedKeyAlgorithm(ca, certField);
	assertUsableCa(ca, certField);
	const chain = await orderChain(
		ca,
		certs.filter((c) => c !== ca),
		certField,
		deps.crypto
	);
	const outOfValidity = assertCurrent([ca, ...chain], deps.now(), input.acceptExpired === true);
	let extractableKey: CryptoKey;
	try {
		extractableKey = await deps.crypto.subtle.importKey('pkcs8', key.der, keyImportParams(keyAlgorithm), true, [
			'sign'
		]);
	} catch (e) {
		throw new PkiError(
			'input-malformed',
			`${key.label} could not be loaded as a ${key.algorithm.label} signing key (${(e as Error).message}). Export it again as PKCS#8.`,
			key.field
		);
	}
	return {
		certificate: ca,
		extractableKey,
		keyAlgorithm,
		chain,
		commonName: commonName(ca),
		source: input.files.map((f) => f.name).join(' + '),
		outOfValidity
	};
}

const sameDer = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
