import * as asn1js from 'asn1js';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';

/**
 * Reading the container formats other tools write (PKCS#12, PKCS#7, encrypted PKCS#8) needs BER, not
 * only DER: Windows and NSS write .pfx/.p7b with indefinite lengths and constructed OCTET STRINGs
 * (X.690 §8.1.3.6, §8.7.3), which the DER reader of ../der/reader refuses. asn1js parses BER; these
 * helpers walk its tree without trusting it, so a surprising shape is `undefined`, never a crash.
 * asn1js is pinned to the version @peculiar/asn1-schema depends on (3.1.0), so @peculiar/x509 and
 * these readers share one copy in the worker; a second major version beside it cost 13 KiB gzip
 * (ber.test.ts checks that both resolve to the same package).
 */

export type BerNode = asn1js.AsnType;

/**
 * Budgets for one parse, passed to asn1js explicitly rather than trusted to its defaults. Nesting:
 * a certificate's deepest name inside a PKCS#12 bag is about 30 levels, and asn1js descends
 * recursively, so 100,000 nested headers must stop early. Nodes: a .p7b bundle of some 1,500
 * certificates; each node costs a few hundred bytes of memory. Content: no certificate container
 * holds a 16 MB element.
 */
export const BER_LIMITS = { maxDepth: 64, maxNodes: 200_000, maxContentLength: 16 * 1024 * 1024 } as const;

/** Parses one BER element; bad input is a PkiError naming `what`. */
export function parseBer(bytes: Uint8Array, what: string): BerNode {
	const { offset, result } = asn1js.fromBER(bytes, BER_LIMITS);
	if (offset === -1 || result.error) {
		throw new PkiError(
			'input-malformed',
			`${what} is damaged: its structure does not parse (${result.error || 'bad encoding'}). Export it again.`
		);
	}
	return result;
}

const UNIVERSAL = 1;
const CONTEXT = 3;

/** The elements of a constructed node (SEQUENCE, SET, [n] EXPLICIT); empty for anything else. */
export function elementsOf(node: BerNode | undefined): BerNode[] {
	if (!node?.idBlock.isConstructed) return [];
	const value = (node.valueBlock as { value?: unknown }).value;
	return Array.isArray(value) ? (value as BerNode[]) : [];
}

export const isSequence = (node: BerNode | undefined): boolean =>
	node?.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === 16;
export const isSet = (node: BerNode | undefined): boolean =>
	node?.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === 17;
export const isContext = (node: BerNode | undefined, n: number): boolean =>
	node?.idBlock.tagClass === CONTEXT && node.idBlock.tagNumber === n;

/** Dotted text of an OBJECT IDENTIFIER node. */
export function oidOf(node: BerNode | undefined): string | undefined {
	return node instanceof asn1js.ObjectIdentifier ? node.valueBlock.toString() : undefined;
}

/** The text of a BMPString (PKCS #9 friendlyName). */
export function bmpStringOf(node: BerNode | undefined): string | undefined {
	return node instanceof asn1js.BmpString ? node.valueBlock.value : undefined;
}

/** A non-negative INTEGER small enough for a number (versions, iteration counts). */
export function smallIntegerOf(node: BerNode | undefined): number | undefined {
	if (!(node instanceof asn1js.Integer)) return undefined;
	// asn1js decodes only up to 4 value octets (valueDec is 0 beyond), so an iteration count such as
	// 12,000,000 (00 B7 1B 00) is read from the octets here: up to 6 of them fit a safe integer.
	const octets = node.valueBlock.valueHexView;
	if (octets.length === 0 || octets.length > 6 || (octets[0]! & 0x80) !== 0) return undefined;
	let value = 0;
	for (const octet of octets) value = value * 256 + octet;
	return value;
}

/**
 * The octets of an OCTET STRING, or of an [n] IMPLICIT one (CMS encryptedContent, RFC 5652 §6.1),
 * primitive or constructed from pieces (BER, X.690 §8.7.3.2).
 */
export function octetsOf(node: BerNode | undefined): Bytes | undefined {
	if (!node) return undefined;
	const universalOctets = node.idBlock.tagClass === UNIVERSAL && node.idBlock.tagNumber === 4;
	if (!universalOctets && node.idBlock.tagClass !== CONTEXT) return undefined;
	if (!node.idBlock.isConstructed)
		return new Uint8Array((node.valueBlock as { valueHexView: Uint8Array }).valueHexView);
	const pieces: Bytes[] = [];
	for (const piece of elementsOf(node)) {
		const octets = piece.idBlock.tagClass === UNIVERSAL && piece.idBlock.tagNumber === 4 ? octetsOf(piece) : undefined;
		if (!octets) return undefined;
		pieces.push(octets);
	}
	const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of pieces) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** The node's own encoding, byte for byte as it was read (a certificate inside a bag keeps its signature). */
export function encodingOf(node: BerNode): Bytes {
	return new Uint8Array(node.valueBeforeDecodeView);
}

/** An AlgorithmIdentifier (RFC 5280 §4.1.1.2): its OID and its parameters node, if any. */
export function algorithmOf(node: BerNode | undefined): { oid: string; params?: BerNode } | undefined {
	if (!isSequence(node)) return undefined;
	const [id, params] = elementsOf(node);
	const oid = oidOf(id);
	if (!oid) return undefined;
	return params ? { oid, params } : { oid };
}
