import type { KeyAlgorithm } from '../algorithms';
import type { PkiDeps } from '../deps';
import type { SubjectAltName } from '../names';
import { getProfile, type ExtendedKeyUsage, type LeafInput } from '../profiles';
import { randomSerialHex } from '../serial';
import { leafValidity, type Validity } from '../validity';

export interface LeafRequest extends LeafInput {
	profileId: string;
	kindId: string;
	days: number;
	keyAlgorithm: KeyAlgorithm;
}

/** The issuer facts policy needs; the key is not among them. */
export interface IssuerFacts extends Validity {
	name: string;
}

/** A certificate that policy has accepted; only sign() turns it into one. */
export interface LeafTemplate {
	profileId: string;
	kindId: string;
	keyAlgorithm: KeyAlgorithm;
	/** Subject as an ordered list of RDNs, most general first (O before CN), as cockroach cert writes it. */
	subject: { O?: string; CN: string };
	sans: SubjectAltName[];
	extendedKeyUsage: readonly ExtendedKeyUsage[];
	serialHex: string;
	notBefore: Date;
	notAfter: Date;
	certFile: string;
	keyFile: string;
}

/**
 * Phase one of issuance (Boulder's issuance.Prepare): turn what a user asked for into a fully
 * decided certificate, refusing anything the profile or the issuer's lifetime does not allow.
 * It touches no key, so every refusal happens before any work is done.
 */
export function prepareLeaf(request: LeafRequest, issuer: IssuerFacts, deps: PkiDeps): LeafTemplate {
	const profile = getProfile(request.profileId);
	const kind = profile.kinds[request.kindId];
	if (!kind) throw new Error(`Profile ${profile.id} has no certificate kind ${request.kindId}`);
	const names = kind.names(request);
	const { notBefore, notAfter } = leafValidity(deps.now(), request.days, issuer);
	return {
		profileId: profile.id,
		kindId: kind.id,
		keyAlgorithm: request.keyAlgorithm,
		subject: profile.organization ? { O: profile.organization, CN: names.commonName } : { CN: names.commonName },
		sans: names.sans,
		extendedKeyUsage: kind.extendedKeyUsage,
		serialHex: randomSerialHex(deps.crypto),
		notBefore,
		notAfter,
		certFile: names.certFile,
		keyFile: names.keyFile
	};
}
