import { sequence, unsignedInteger, type Bytes } from './writer';

/**
 * WebCrypto returns an ECDSA signature as r ‖ s, each left-padded to the curve's byte length (WebCrypto
 * §23.4 "ECDSA", IEEE P1363 form). X.509 carries it as DER Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER,
 * s INTEGER } (RFC 3279 §2.2.3, RFC 5480 §2.2.3), so each half becomes a minimal positive INTEGER.
 */
export function ecdsaRawToDer(raw: Uint8Array): Bytes {
	if (raw.length === 0 || raw.length % 2 !== 0)
		throw new Error(`An ECDSA r||s signature has an even, non-zero length, not ${raw.length}`);
	const half = raw.length / 2;
	return sequence(unsignedInteger(raw.subarray(0, half)), unsignedInteger(raw.subarray(half)));
}
