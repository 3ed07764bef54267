import { algorithmOfKey, signingParams, type KeyAlgorithm } from './algorithms';
import {
	nameConstraintsExtension,
	subjectJson,
	validateCaUri,
	validatePathLen,
	type NameConstraintsInput,
	type SubjectAttribute
} from './ca-options';
import type { PkiDeps } from './deps';
import { PkiError } from './errors';
import { issuerKeyId } from './issue/sign';
import { generateKeyPair } from './keys';
import { randomSerialHex } from './serial';
import { leafValidity, rootValidity } from './validity';
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

/** A CA able to sign: its certificate and its (non-extractable) private key. */
export interface ParentCa {
	certificate: x509.X509Certificate;
	privateKey: CryptoKey;
}

/** A CA name becomes the subject CN, which X.520 bounds at 64 characters (RFC 5280 Appendix A). */
export function validateCaName(name: string): string {
	const trimmed = name.trim();
	if (trimmed.length === 0) throw new PkiError('name-invalid', 'Give the CA a name, such as "Lab Root CA".', 'name');
	if ([...trimmed].length > 64)
		throw new PkiError('name-invalid', 'A CA name can be at most 64 characters long.', 'name');
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f]/.test(trimmed))
		throw new PkiError('name-invalid', 'A CA name cannot contain control characters.', 'name');
	return trimmed;
}

/**
 * Extensions every CA of ours carries, in this order: basicConstraints CA:TRUE critical (with the
 * path length when there is one), keyUsage keyCertSign + cRLSign critical (RFC 5280 §4.2.1.3 and
 * §4.2.1.9) plus digitalSignature so the CA can sign OCSP responses itself (Consul's CAs set the
 * same three: tlsutil/generate.go, agent/connect/ca/provider_consul.go), SKI, then the optional URI
 * SAN and name constraints. The AKI is added by the caller.
 */
function caExtensions(options: CaOptions, ski: x509.SubjectKeyIdentifierExtension): x509.Extension[] {
	const pathLen = validatePathLen(options.pathLen);
	const extensions: x509.Extension[] = [
		new x509.BasicConstraintsExtension(true, pathLen, true),
		new x509.KeyUsagesExtension(
			x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
			true
		),
		ski
	];
	const uris = (options.uris ?? []).map((u) => validateCaUri(u));
	if (uris.length > 0)
		extensions.push(new x509.SubjectAlternativeNameExtension(uris.map((value) => ({ type: 'url' as const, value }))));
	if (options.nameConstraints && Object.values(options.nameConstraints).some((list) => list.length > 0)) {
		extensions.push(nameConstraintsExtension(options.nameConstraints));
	}
	return extensions;
}

function subjectOf(name: string, options: CaOptions): x509.JsonName {
	return subjectJson(options.subject && options.subject.length > 0 ? options.subject : [{ type: 'CN', value: name }]);
}

/**
 * A self-signed root. No pathLen limit unless asked, so intermediates can be added later. SKI and
 * AKI are both present; AKI equals SKI on a self-signed certificate.
 */
export async function createRootCa(request: RootCaRequest, deps: PkiDeps): Promise<NewRootCa> {
	const name = validateCaName(request.name);
	const { notBefore, notAfter } = rootValidity(deps.now(), request.days);
	const keys = await generateKeyPair(request.keyAlgorithm, deps.crypto, true);
	const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, deps.crypto);
	const certificate = await x509.X509CertificateGenerator.createSelfSigned(
		{
			serialNumber: randomSerialHex(deps.crypto),
			name: subjectOf(name, request),
			notBefore,
			notAfter,
			keys,
			signingAlgorithm: signingParams(request.keyAlgorithm),
			extensions: [...caExtensions(request, ski), new x509.AuthorityKeyIdentifierExtension(ski.keyId)]
		},
		deps.crypto
	);
	return { certificate, keys };
}

/**
 * A CA signed by another of ours. Its validity lies inside the parent's (a path is checked at one
 * time against every certificate, RFC 5280 §6.1.3, so the excess would be dead weight) and the
 * refusal says how long the parent has left. Its path length must be below the parent's when the
 * parent has one (§4.2.1.9); without a choice it takes the most the parent allows. AKI = the
 * parent's SKI (§4.2.1.1); the issuer Name is the parent's subject as encoded, so name chaining
 * (§7.1) compares equal bytes.
 */
export async function createIntermediateCa(
	parent: ParentCa,
	request: IntermediateCaRequest,
	deps: PkiDeps
): Promise<NewRootCa> {
	const name = validateCaName(request.name);
	const { notBefore, notAfter } = leafValidity(deps.now(), request.days, parent.certificate);
	const parentPathLen = parent.certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength;
	let pathLen = validatePathLen(request.pathLen);
	if (parentPathLen !== undefined) {
		if (parentPathLen === 0) {
			throw new PkiError(
				'pathlen-beyond-parent',
				`${parent.certificate.subjectName.getField('CN')[0] ?? 'The parent CA'} has path length 0: it may sign certificates but no CA below it.`,
				'pathLen'
			);
		}
		if (pathLen !== undefined && pathLen >= parentPathLen) {
			throw new PkiError(
				'pathlen-beyond-parent',
				`The parent CA allows ${parentPathLen} CA${parentPathLen === 1 ? '' : 's'} below it, so this one's path length must be at most ${parentPathLen - 1}.`,
				'pathLen'
			);
		}
		pathLen ??= parentPathLen - 1;
	}
	const keys = await generateKeyPair(request.keyAlgorithm, deps.crypto, true);
	const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, deps.crypto);
	const certificate = await x509.X509CertificateGenerator.create(
		{
			serialNumber: randomSerialHex(deps.crypto),
			subject: subjectOf(name, request),
			issuer: parent.certificate.subjectName,
			notBefore,
			notAfter,
			publicKey: keys.publicKey,
			signingKey: parent.privateKey,
			signingAlgorithm: signingParams(algorithmOfKey(parent.privateKey)),
			extensions: [
				...caExtensions({ ...request, pathLen }, ski),
				new x509.AuthorityKeyIdentifierExtension(issuerKeyId(parent.certificate))
			]
		},
		deps.crypto
	);
	return { certificate, keys };
}
