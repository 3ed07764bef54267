import type { PkiDeps } from '../deps';
import { children, encoding, readTlv } from '../der/reader';
import type { Bytes } from '../der/writer';
import { hexToBytes, unsignedInteger } from '../der/writer';
import * as der from '../der/x509';
import { issuerOf, type SigningIssuer } from '../issue/issuer';
import { checkKeyOfCertificate, signTbs } from '../issue/sign';
import { randomSerialHex } from '../serial';
import type { Validity } from '../validity';

/** The parts of a CA certificate a re-issue keeps, as encoded: subject Name, SPKI and extensions. */
interface KeptParts {
	subject: Bytes;
	spki: Bytes;
	extensions: Bytes[];
}

function keptParts(certificateDer: Bytes): KeptParts {
	const [tbs] = children(certificateDer, readTlv(certificateDer, 0));
	if (!tbs) throw new Error('Malformed certificate: no TBSCertificate');
	const fields = children(certificateDer, tbs);
	// version [0] is present on every v3 certificate, and a CA certificate without extensions cannot be ours.
	if (fields[0]?.tag !== 0xa0) throw new Error('Not a v3 certificate');
	const subject = fields[5];
	const spki = fields[6];
	const extensionsField = fields.find((f) => f.tag === 0xa3);
	if (!subject || !spki || !extensionsField) throw new Error('Malformed certificate: too few TBS fields');
	const [list] = children(certificateDer, extensionsField);
	if (!list) throw new Error('Malformed certificate: empty extensions');
	return {
		subject: encoding(certificateDer, subject).slice(),
		spki: encoding(certificateDer, spki).slice(),
		extensions: children(certificateDer, list).map((e) => encoding(certificateDer, e).slice())
	};
}

/** The OID of an Extension encoding (its first child), as DER bytes of the OBJECT IDENTIFIER. */
function extensionOidDer(extension: Bytes): Bytes {
	const [id] = children(extension, readTlv(extension, 0));
	if (!id) throw new Error('Malformed extension');
	return encoding(extension, id);
}

const AKI_OID_DER = (() => {
	const probe = der.extension(
		der.OID.authorityKeyIdentifier,
		false,
		der.authorityKeyIdentifier(new Uint8Array([0]) as Bytes)
	);
	return extensionOidDer(probe).slice();
})();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * A new certificate for the key and identity of an existing CA certificate, signed by `issuer`:
 * the subject Name, SubjectPublicKeyInfo and every extension (basicConstraints, keyUsage, SKI,
 * SAN, name constraints) are copied as encoded, so path building (RFC 5280 §4.2.1.1 key ids,
 * §7.1 name chaining) treats it as the same CA; only the serial, the validity, the issuer Name and
 * the AKI (the issuer's SKI, §4.2.1.1) are new. Two uses:
 * - renewal with the same key (issuer = the CA itself for a root, its parent for an intermediate):
 *   what `cockroach cert create-ca --allow-ca-key-reuse` does (pkg/cli/cert.go: "If the CA key
 *   exists and --allow-ca-key-reuse is true, the key is used"), so leaves already issued still verify;
 * - cross-signing (issuer = the old root): Consul's CrossSignCA copies the new root's template,
 *   sets a new serial and the old root's key id as AKI and signs it with the old key
 *   (agent/connect/ca/provider_consul.go).
 * A key that does not belong to the issuer certificate is refused before anything is signed, instead
 * of producing a certificate nobody accepts.
 */
export async function reissueCaCertificate(
	subjectDer: Bytes,
	signingIssuer: SigningIssuer,
	validity: Validity,
	deps: PkiDeps
): Promise<Bytes> {
	const kept = keptParts(subjectDer);
	const issuer = issuerOf(signingIssuer);
	await checkKeyOfCertificate(
		issuer.certificate,
		issuer.privateKey,
		deps,
		'The unlocked key does not belong to this CA certificate, so nothing was signed.'
	);
	const extensions = kept.extensions.map((e) =>
		sameBytes(extensionOidDer(e), AKI_OID_DER) ? issuer.authorityKeyId : e
	);
	if (!extensions.includes(issuer.authorityKeyId)) extensions.push(issuer.authorityKeyId);
	const tbs = der.tbsCertificate({
		serial: unsignedInteger(hexToBytes(randomSerialHex(deps.crypto))),
		signatureAlgorithm: issuer.signatureAlgorithm,
		issuer: issuer.issuerName,
		validity: der.validity(validity.notBefore, validity.notAfter),
		subject: kept.subject,
		subjectPublicKeyInfo: kept.spki,
		extensions
	});
	return signTbs(issuer, tbs, deps);
}
