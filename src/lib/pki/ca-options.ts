import { AsnConvert } from '@peculiar/asn1-schema';
import {
	GeneralName,
	GeneralSubtree,
	GeneralSubtrees,
	NameConstraints,
	id_ce_nameConstraints
} from '@peculiar/asn1-x509';
import { cidrOctets, type NameConstraintsInput, type SubjectAttribute } from './ca-input';
import { x509 } from './x509';

export * from './ca-input';

/**
 * nameConstraints, critical as RFC 5280 §4.2.1.10 requires ("Conforming CAs MUST mark this
 * extension as critical"). @peculiar/x509 has no class for it, so the value is encoded with
 * @peculiar/asn1-x509's schema and wrapped in a generic Extension.
 */
export function nameConstraintsExtension(input: NameConstraintsInput): x509.Extension {
	const subtrees = [
		...(input.dns ?? []).map((d) => new GeneralName({ dNSName: d })),
		...(input.ip ?? []).map((c) => new GeneralName({ iPAddress: canonicalCidr(c) })),
		...(input.uri ?? []).map((u) => new GeneralName({ uniformResourceIdentifier: u }))
	].map((base) => new GeneralSubtree({ base }));
	if (subtrees.length === 0) throw new Error('nameConstraintsExtension needs at least one subtree');
	const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }));
	return new x509.Extension(id_ce_nameConstraints, true, value);
}

/**
 * asn1-x509 takes iPAddress as text and encodes a CIDR as address + mask octets (its
 * AsnIpConverter); the address is given already masked and IPv6 fully expanded, so what it
 * encodes is exactly cidrOctets().
 */
function canonicalCidr(cidr: string): string {
	const octets = cidrOctets(cidr);
	const half = octets.length / 2;
	const address = octets.subarray(0, half);
	const bits = [...octets.subarray(half)].reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
	const text =
		half === 4
			? [...address].join('.')
			: Array.from({ length: 8 }, (_, i) => ((address[2 * i]! << 8) | address[2 * i + 1]!).toString(16)).join(':');
	return `${text}/${bits}`;
}

/** Subject attributes in the order given, as @peculiar/x509's JsonName (one attribute per RDN). */
export function subjectJson(attributes: readonly SubjectAttribute[]): x509.JsonName {
	return attributes.map((a) => ({ [a.type]: [a.value] }));
}
