import type { PkiDeps } from '../deps';
import { explicit, hexToBytes, sequence, smallInteger, time, tlv, unsignedInteger, type Bytes } from '../der/writer';
import * as der from '../der/x509';
import { issuerOf, type SignerKey, type SigningIssuer } from '../issue/issuer';
import { signTbs } from '../issue/sign';
import { wholeSeconds } from '../validity';
import { CRL_REASON_CODES, type CrlReasonName } from './reasons';

/** A revoked certificate as the CRL lists it (RFC 5280 §5.1.2.6). */
export interface CrlEntryInput {
	serialHex: string;
	revokedAt: Date;
	reason: CrlReasonName;
}

export interface CrlInput {
	/** The CRL number (RFC 5280 §5.2.3): one more than the CA's last, never reused. */
	number: number;
	thisUpdate: Date;
	nextUpdate: Date;
	entries: readonly CrlEntryInput[];
}

const OID_CRL_NUMBER = '2.5.29.20'; // RFC 5280 §5.2.3
const OID_REASON_CODE = '2.5.29.21'; // RFC 5280 §5.3.1
const TAG_ENUMERATED = 0x0a; // X.680 §8.4, universal 10
/** version Version OPTIONAL, v2 = 1, required because the CRL has extensions (RFC 5280 §5.1.2.1). */
const VERSION_V2 = smallInteger(1);

/**
 * One revokedCertificates entry: serial, revocation date and the reasonCode entry extension. RFC 5280
 * §5.3.1 asks CAs not to write the reasonCode extension for unspecified (0), but to omit it instead.
 */
function entry(e: CrlEntryInput): Bytes {
	const serial = e.serialHex.length % 2 ? `0${e.serialHex}` : e.serialHex;
	const parts = [unsignedInteger(hexToBytes(serial)), time(wholeSeconds(e.revokedAt))];
	const code = CRL_REASON_CODES[e.reason];
	if (code !== CRL_REASON_CODES.unspecified) {
		parts.push(sequence(der.extension(OID_REASON_CODE, false, tlv(TAG_ENUMERATED, new Uint8Array([code])))));
	}
	return sequence(...parts);
}

/**
 * The TBSCertList (RFC 5280 §5.1.2): version v2, the CA's signature algorithm, the issuer Name copied
 * from the CA certificate's subject byte for byte (§5.1.2.3 and the name chaining of §7.1), thisUpdate,
 * nextUpdate (§5.1.2.5: conforming CAs MUST include it), the revoked certificates (absent when there
 * are none, §5.1.2.6), and the two extensions §5.2 requires: authorityKeyIdentifier (§5.2.1, the
 * CA's SKI) and cRLNumber (§5.2.3), both non-critical.
 */
export function encodeTbsCertList(input: CrlInput, signer: SignerKey): Bytes {
	if (!Number.isSafeInteger(input.number) || input.number < 1)
		throw new RangeError(`CRL number must be a positive integer, not ${input.number}`);
	const entries = [...input.entries].sort(
		(a, b) => a.revokedAt.getTime() - b.revokedAt.getTime() || a.serialHex.localeCompare(b.serialHex)
	);
	const parts: Bytes[] = [
		VERSION_V2,
		signer.signatureAlgorithm,
		signer.issuerName,
		time(wholeSeconds(input.thisUpdate)),
		time(wholeSeconds(input.nextUpdate))
	];
	if (entries.length > 0) parts.push(sequence(...entries.map(entry)));
	parts.push(
		explicit(0, sequence(signer.authorityKeyId, der.extension(OID_CRL_NUMBER, false, smallInteger(input.number))))
	);
	return sequence(...parts);
}

/** Signs a CRL with the CA key (issue/sign.ts); the worker is the only caller. */
export async function signCrl(issuer: SigningIssuer, input: CrlInput, deps: PkiDeps): Promise<Bytes> {
	const signer = issuerOf(issuer);
	return signTbs(signer, encodeTbsCertList(input, signer), deps);
}
