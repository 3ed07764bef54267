import type { KeyAlgorithm } from './algorithms';
import { validateCaUri, type NameConstraintsInput, type SubjectAttribute } from './ca-input';
import type { PkiDeps } from './deps';
import type { Bytes } from './der/writer';
import { PkiError } from './errors';
import { refuseHiddenCharacters } from './name-policy';
import { encodeCaTbs, keyIdOf, rootCaTerms, subordinateCaTerms, type CaSubject } from './issue/ca-tbs';
import { issuerOf, signerKey, type SigningIssuer } from './issue/issuer';
import { signTbs } from './issue/sign';
import { generateKeyPair } from './keys';
import { x509 } from './x509';

/** What any new CA may carry beyond its name; every part is optional and absent by default. */
export interface CaOptions {
	/** Subject attributes, most general first; CN=<name> when absent. */
	subject?: SubjectAttribute[];
	/** URI SANs, such as Consul Connect's spiffe://<trust-domain> (agent/connect/uri_signing.go). */
	uris?: string[];
	/** How many CAs may follow this one (RFC 5280 §4.2.1.9); no limit when absent. */
	pathLen?: number;
	/** Permitted subtrees (RFC 5280 §4.2.1.10), critical. */
	nameConstraints?: NameConstraintsInput;
}

export interface RootCaRequest extends CaOptions {
	name: string;
	keyAlgorithm: KeyAlgorithm;
	days: number;
}

export type IntermediateCaRequest = RootCaRequest;

export interface NewRootCa {
	certificate: x509.X509Certificate;
	/** Extractable, so the caller can seal the PKCS#8; it must not keep it afterwards. */
	keys: CryptoKeyPair;
}

/** A CA name becomes the subject CN, which X.520 bounds at 64 characters (RFC 5280 Appendix A). */
export function validateCaName(name: string): string {
	const trimmed = name.trim();
	if (trimmed.length === 0) throw new PkiError('name-invalid', 'Give the CA a name, such as "Lab Root CA".', 'name');
	if ([...trimmed].length > 64)
		throw new PkiError('name-invalid', 'A CA name can be at most 64 characters long.', 'name');
	// Control characters, and the bidi and zero-width ones that make a name read differently (name-policy.ts).
	refuseHiddenCharacters('CA name', trimmed, 'name');
	return trimmed;
}

/** The subject Name as encoded: the attributes given, most general first, or CN=<name>. */
function subjectName(name: string, options: CaOptions): Bytes {
	const attributes = options.subject && options.subject.length > 0 ? options.subject : [{ type: 'CN', value: name }];
	return new Uint8Array(new x509.Name(attributes.map((a) => ({ [a.type]: [a.value] }))).toArrayBuffer());
}

/** A new key pair and what the CA certificate says of its owner. */
async function newCaSubject(
	name: string,
	request: RootCaRequest,
	deps: PkiDeps
): Promise<{ keys: CryptoKeyPair; subject: CaSubject }> {
	const uris = (request.uris ?? []).map((u) => validateCaUri(u));
	const keys = await generateKeyPair(request.keyAlgorithm, deps.crypto, true);
	const spki = new Uint8Array(await deps.crypto.subtle.exportKey('spki', keys.publicKey));
	const subject: CaSubject = {
		name: subjectName(name, request),
		spki,
		sans: uris.map((value) => ({ type: 'uri' as const, value })),
		...(request.nameConstraints ? { nameConstraints: request.nameConstraints } : {})
	};
	return { keys, subject };
}

/**
 * A self-signed root (ca-tbs.ts rootCaTerms: no pathLen unless asked). SKI and AKI are both
 * present; AKI equals SKI on a self-signed certificate.
 */
export async function createRootCa(request: RootCaRequest, deps: PkiDeps): Promise<NewRootCa> {
	const name = validateCaName(request.name);
	const terms = rootCaTerms(request.days, request.pathLen, deps);
	const { keys, subject } = await newCaSubject(name, request, deps);
	const self = signerKey(subject.name, keyIdOf(subject.spki), keys.privateKey);
	const der = await signTbs(self, encodeCaTbs(terms, subject, self), deps);
	return { certificate: new x509.X509Certificate(der), keys };
}

/**
 * A CA signed by another of ours, with the terms ca-tbs.ts subordinateCaTerms sets (validity
 * inside the parent's, path length below it). AKI = the parent's SKI (RFC 5280 §4.2.1.1); the
 * issuer Name is the parent's subject as encoded, so name chaining (§7.1) compares equal bytes.
 */
export async function createIntermediateCa(
	parent: SigningIssuer,
	request: IntermediateCaRequest,
	deps: PkiDeps
): Promise<NewRootCa> {
	const name = validateCaName(request.name);
	const issuer = issuerOf(parent);
	const terms = subordinateCaTerms(issuer, request.days, request.pathLen, deps);
	const { keys, subject } = await newCaSubject(name, request, deps);
	const der = await signTbs(issuer, encodeCaTbs(terms, subject, issuer), deps);
	return { certificate: new x509.X509Certificate(der), keys };
}
