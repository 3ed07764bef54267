import { cidrOctets, validatePathLen, type NameConstraintsInput } from '../ca-input';
import type { PkiDeps } from '../deps';
import { sha1 } from '../der/sha1';
import { hexToBytes, unsignedInteger, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import { PkiError } from '../errors';
import type { SubjectAltName } from '../names';
import { randomSerialHex } from '../serial';
import { leafValidity, rootValidity, type Validity } from '../validity';
import type { CaIssuer, SignerKey } from './issuer';

/**
 * Phase one of issuance for CA certificates (roots, intermediates we create, intermediates signed
 * from an online CA's CSR): the terms policy decides before any key is made, then the TBSCertificate
 * they and the subject make. issue/sign.ts signs it.
 */

/** What policy decided about a new CA certificate: its serial, validity and path length. */
export interface CaTerms extends Validity {
	serialHex: string;
	/** CAs allowed below it (RFC 5280 §4.2.1.9); undefined for no limit. */
	pathLen: number | undefined;
}

/** Who the CA certificate is for: its Name and key as encoded, and what else it carries. */
export interface CaSubject {
	name: Bytes;
	spki: Bytes;
	/** Subject alternative names, such as Consul Connect's spiffe://<trust-domain> (agent/connect/uri_signing.go). */
	sans?: readonly SubjectAltName[];
	/** Permitted subtrees (RFC 5280 §4.2.1.10). */
	nameConstraints?: NameConstraintsInput;
}

/** A self-signed root: no pathLen limit unless asked, so intermediates can be added later. */
export function rootCaTerms(days: number, pathLen: number | undefined, deps: PkiDeps): CaTerms {
	return {
		serialHex: randomSerialHex(deps.crypto),
		...rootValidity(deps.now(), days),
		pathLen: validatePathLen(pathLen)
	};
}

/**
 * A CA under `issuer`. Its path length must be below the issuer's when the issuer has one
 * (RFC 5280 §4.2.1.9); without a choice it takes the most the issuer allows. Its validity lies
 * inside the issuer's (a path is checked at one time against every certificate, §6.1.3, so the
 * excess would be dead weight) and the refusal says how long the issuer has left.
 */
export function subordinateCaTerms(
	issuer: CaIssuer,
	days: number,
	chosenPathLen: number | undefined,
	deps: PkiDeps
): CaTerms {
	const pathLen = childPathLen(issuer, chosenPathLen);
	return { serialHex: randomSerialHex(deps.crypto), ...leafValidity(deps.now(), days, issuer.facts), pathLen };
}

function childPathLen(issuer: CaIssuer, chosen: number | undefined): number | undefined {
	const pathLen = validatePathLen(chosen);
	const parent = issuer.pathLen;
	if (parent === undefined) return pathLen;
	if (parent === 0)
		throw new PkiError(
			'pathlen-beyond-parent',
			`${issuer.facts.name} has path length 0: it may sign certificates but no CA below it.`,
			'pathLen'
		);
	if (pathLen !== undefined && pathLen >= parent) {
		throw new PkiError(
			'pathlen-beyond-parent',
			`${issuer.facts.name} allows ${parent} CA${parent === 1 ? '' : 's'} below it, ` +
				`so the new CA's path length must be at most ${parent - 1}.`,
			'pathLen'
		);
	}
	return pathLen ?? parent - 1;
}

/**
 * keyUsage of every CA of ours: keyCertSign + cRLSign (RFC 5280 §4.2.1.3) plus digitalSignature so
 * the CA can sign OCSP responses itself (Consul's CAs set the same three: tlsutil/generate.go,
 * agent/connect/ca/provider_consul.go).
 */
const CA_KEY_USAGE = der.extension(
	der.OID.keyUsage,
	true,
	der.keyUsage([der.KEY_USAGE_BIT.digitalSignature, der.KEY_USAGE_BIT.keyCertSign, der.KEY_USAGE_BIT.cRLSign])
);

/**
 * The extensions a CA of ours carries or asks for, in this order: basicConstraints CA:TRUE critical
 * with the path length when there is one (§4.2.1.9), keyUsage critical, SKI (§4.2.1.2, when known),
 * the SANs, and the name constraints, critical as §4.2.1.10 requires. The AKI, when there is an
 * issuer, follows them.
 */
export function caExtensions(
	pathLen: number | undefined,
	keyId: Bytes | undefined,
	subject: Pick<CaSubject, 'sans' | 'nameConstraints'> = {}
): Bytes[] {
	const extensions = [der.extension(der.OID.basicConstraints, true, der.basicConstraintsCa(pathLen)), CA_KEY_USAGE];
	if (keyId) extensions.push(der.extension(der.OID.subjectKeyIdentifier, false, der.subjectKeyIdentifier(keyId)));
	const sans = subject.sans ?? [];
	if (sans.length > 0) extensions.push(der.extension(der.OID.subjectAltName, false, der.generalNames(sans)));
	const nc = subject.nameConstraints;
	if (nc && Object.values(nc).some((list) => list.length > 0)) {
		const permitted: der.SubtreeBase[] = [
			...(nc.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
			...(nc.ip ?? []).map((cidr) => ({ type: 'ip' as const, addressAndMask: cidrOctets(cidr) })),
			...(nc.uri ?? []).map((value) => ({ type: 'uri' as const, value }))
		];
		extensions.push(der.extension(der.OID.nameConstraints, true, der.nameConstraints(permitted)));
	}
	return extensions;
}

/** The SKI of a key: SHA-1 of its subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). */
export function keyIdOf(spki: Bytes): Bytes {
	return sha1(der.subjectPublicKeyBits(spki));
}

/**
 * The TBSCertificate of a CA (RFC 5280 §4.1.2): the issuer Name and AKI are the signer's (its own
 * for a root, where AKI = SKI), the rest the terms' and the subject's.
 */
export function encodeCaTbs(terms: CaTerms, subject: CaSubject, signer: SignerKey): Bytes {
	return der.tbsCertificate({
		serial: unsignedInteger(hexToBytes(terms.serialHex)),
		signatureAlgorithm: signer.signatureAlgorithm,
		issuer: signer.issuerName,
		validity: der.validity(terms.notBefore, terms.notAfter),
		subject: subject.name,
		subjectPublicKeyInfo: subject.spki,
		extensions: [...caExtensions(terms.pathLen, keyIdOf(subject.spki), subject), signer.authorityKeyId]
	});
}
