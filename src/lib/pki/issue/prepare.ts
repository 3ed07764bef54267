import type { KeyAlgorithm } from '../algorithms';
import type { PkiDeps } from '../deps';
import { checkSubject } from '../dn';
import { checkSanValues, type SubjectAltName } from '../names';
import {
	extendedKeyUsageOf,
	getProfile,
	type ExtendedKeyUsage,
	type LeafFiles,
	type LeafInput,
	type Rdn
} from '../profiles';
import { serialSource } from '../serial';
import { leafValidity, type Validity } from '../validity';

export interface LeafRequest {
	profileId: string;
	kindId: string;
	input: LeafInput;
	days: number;
	keyAlgorithm: KeyAlgorithm;
	/** Position among the leaves of its kind in one request (Consul numbers its files by it). */
	index?: number;
}

/**
 * Where relying parties find revocation information and the issuer's certificate; set per CA and
 * written into every certificate it issues (RFC 5280 §4.2.1.13 CRL distribution points,
 * §4.2.2.1 authority information access). CockroachDB checks the OCSP URL when
 * security.ocsp.mode is set ("Certificate revocation with OCSP" in
 * https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca).
 */
export interface RevocationLocations {
	ocspUrl?: string;
	caIssuersUrl?: string;
	crlUrl?: string;
}

/** The issuer facts policy needs; the key is not among them. */
export interface IssuerFacts extends Validity {
	name: string;
	locations?: RevocationLocations;
	/** The SPIFFE trust domain of a Consul Connect CA (its spiffe://<td> URI SAN), for the kinds that need it. */
	trustDomain?: string;
}

/** A certificate that policy has accepted; only sign() turns it into one. */
export interface LeafTemplate {
	profileId: string;
	kindId: string;
	keyAlgorithm: KeyAlgorithm;
	/** Ordered RDNs, most general first. */
	subject: readonly Rdn[];
	sans: SubjectAltName[];
	extendedKeyUsage: readonly ExtendedKeyUsage[];
	locations: RevocationLocations;
	serialHex: string;
	notBefore: Date;
	notAfter: Date;
	files: LeafFiles;
}

/**
 * Phase one of issuance (Boulder's issuance.Prepare): turn what a user asked for into a fully
 * decided certificate, refusing anything the profile or the issuer's lifetime does not allow.
 * It touches no key, so every refusal happens before any work is done.
 */
export function prepareLeaf(request: LeafRequest, issuer: IssuerFacts, deps: PkiDeps): LeafTemplate {
	return leafPreparer(issuer, deps)(request);
}

/**
 * prepareLeaf for a batch under one issuer: what is the same for every leaf is decided once (the
 * moment of issue, so the whole batch shares its notBefore; the validity for each lifetime asked;
 * the profile lookups), and each leaf adds only its names and serial.
 */
export function leafPreparer(issuer: IssuerFacts, deps: PkiDeps): (request: LeafRequest) => LeafTemplate {
	const now = deps.now();
	const locations = issuer.locations ?? {};
	const validities = new Map<number, { notBefore: Date; notAfter: Date }>();
	const profiles = new Map<string, ReturnType<typeof getProfile>>();
	const nextSerial = serialSource(deps.crypto);
	return (request) => {
		let profile = profiles.get(request.profileId);
		if (!profile) profiles.set(request.profileId, (profile = getProfile(request.profileId)));
		const kind = profile.kinds[request.kindId];
		if (!kind) throw new Error(`Profile ${profile.id} has no certificate kind ${request.kindId}`);
		const names = kind.names(request.input, { index: request.index ?? 0, trustDomain: issuer.trustDomain });
		// Whatever the profile built its names from, nothing hidden or over RFC 5280's bounds is encoded.
		const nameField = kind.repeatOver ?? kind.fields[0]?.id ?? 'form';
		checkSubject(names.subject, nameField);
		checkSanValues(names.sans, nameField);
		let validity = validities.get(request.days);
		if (!validity) validities.set(request.days, (validity = leafValidity(now, request.days, issuer)));
		return {
			profileId: profile.id,
			kindId: kind.id,
			keyAlgorithm: request.keyAlgorithm,
			subject: names.subject,
			sans: names.sans,
			extendedKeyUsage: extendedKeyUsageOf(kind, request.input),
			locations,
			serialHex: nextSerial(),
			notBefore: validity.notBefore,
			notAfter: validity.notAfter,
			files: names.files
		};
	};
}
