import { readTlv } from '../der/reader';
import type { Bytes } from '../der/writer';
import { x509 } from '../x509';
import { contents, integerMagnitude, tryChildren } from './der-util';
import { readGeneralName, readGeneralNames, type GeneralNameView } from './general-names';

/** Reading the extensions the inspector and the verifier need, from their DER values. */

export const OID = {
	subjectAltName: '2.5.29.17',
	nameConstraints: '2.5.29.30',
	cRLNumber: '2.5.29.20',
	extensionRequest: '1.2.840.113549.1.9.14',
	emailAddress: '1.2.840.113549.1.9.1'
} as const;

type HasExtensions = { extensions: readonly x509.Extension[] };

export const extensionValue = (holder: HasExtensions, oid: string): Bytes | undefined => {
	const ext = holder.extensions.find((e) => e.type === oid);
	return ext ? new Uint8Array(ext.value) : undefined;
};

/** All SAN entries of a certificate or CSR, empty when it has none. */
export function subjectAltNames(holder: HasExtensions): GeneralNameView[] {
	const v = extensionValue(holder, OID.subjectAltName);
	return v ? readGeneralNames(v) : [];
}

export interface NameConstraintsView {
	permitted: GeneralNameView[];
	excluded: GeneralNameView[];
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0], excludedSubtrees [1] } of GeneralSubtree { base, … } (RFC 5280 §4.2.1.10). */
export function nameConstraints(holder: HasExtensions): NameConstraintsView | undefined {
	const v = extensionValue(holder, OID.nameConstraints);
	if (!v) return undefined;
	const out: NameConstraintsView = { permitted: [], excluded: [] };
	for (const subtrees of tryChildren(v, readTlv(v, 0)) ?? []) {
		const list = subtrees.tag === 0xa0 ? out.permitted : subtrees.tag === 0xa1 ? out.excluded : undefined;
		for (const subtree of tryChildren(v, subtrees) ?? []) {
			const base = tryChildren(v, subtree)?.[0];
			if (list && base) list.push(readGeneralName(v, base));
		}
	}
	return out;
}

/** CRLNumber ::= INTEGER (RFC 5280 §5.2.3), as hex to keep up to 20 octets exact. */
export function crlNumber(crl: x509.X509Crl): string | undefined {
	const v = extensionValue(crl, OID.cRLNumber);
	if (!v) return undefined;
	const t = readTlv(v, 0);
	return t.tag === 0x02
		? Array.from(integerMagnitude(v, t), (b) => b.toString(16).padStart(2, '0')).join('')
		: undefined;
}

/** Distribution point URIs of a CRLDistributionPoints extension (RFC 5280 §4.2.1.13), fullName form only. */
export function crlDistributionUris(cert: x509.X509Certificate): string[] {
	const ext = cert.getExtension(x509.CRLDistributionPointsExtension);
	const out: string[] = [];
	for (const dp of ext?.distributionPoints ?? [])
		for (const gn of dp.distributionPoint?.fullName ?? [])
			if (gn.uniformResourceIdentifier) out.push(gn.uniformResourceIdentifier);
	return out;
}

export const hex = (b: ArrayBuffer | Uint8Array) =>
	Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

/** The subject's emailAddress attributes (PKCS#9), which name constraints on rfc822Name also cover (RFC 5280 §4.2.1.10). */
export function subjectEmails(name: x509.Name): string[] {
	return name
		.toJSON()
		.flatMap((rdn) => Object.entries(rdn).flatMap(([k, vals]) => (k === 'E' || k === OID.emailAddress ? vals : [])));
}

export { contents };
