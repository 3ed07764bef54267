import { base64Octets, pemBytes } from '../pki/der/pem';
import { concat } from '../pki/der/writer';

/**
 * PEM files as octets, each DER object encoded once however many files hold it. A 1,000-node bundle
 * writes each leaf's certificate into its folder and into its Kubernetes Secret, and the CA's
 * certificate into every folder and every Secret: encoding each once, straight to octets (no string
 * and TextEncoder round trip before the zip), is what keeps the layout step cheap (npm run bench,
 * "pemAndLayout" and "kubernetesYaml").
 *
 * Keyed by the DER array itself (a WeakMap, so a bundle's blocks go when its leaves go); the arrays
 * an issuance hands round are never written to after they are made.
 */
const blocks = {
	CERTIFICATE: new WeakMap<Uint8Array, Uint8Array>(),
	'PRIVATE KEY': new WeakMap<Uint8Array, Uint8Array>()
};

function block(der: Uint8Array, label: keyof typeof blocks): Uint8Array {
	const memo = blocks[label];
	let pem = memo.get(der);
	if (!pem) {
		// Each block ends in LF, so blocks concatenate into a chain file (`cat a.pem b.pem`).
		pem = pemBytes(der, label, true);
		memo.set(der, pem);
	}
	return pem;
}

/** Certificates as one PEM file in the order given: a leaf and its intermediates, or a CA file. */
export function certificatesPem(certificatesDer: readonly Uint8Array[]): Uint8Array {
	return concatBytes(certificatesDer.map((der) => block(der, 'CERTIFICATE')));
}

/** A PKCS#8 private key as a "PRIVATE KEY" PEM file (RFC 7468 §10). */
export function privateKeyPem(pkcs8: Uint8Array): Uint8Array {
	return block(pkcs8, 'PRIVATE KEY');
}

/** The parts one after another; a single part is returned as it is, not copied. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
	return parts.length === 1 ? parts[0]! : concat(parts);
}

const base64Memo = new WeakMap<Uint8Array, Uint8Array>();

/**
 * Base64 of PEM octets, as ASCII octets, as a Kubernetes Secret's `data:` holds it; the CA file
 * every Secret of a bundle repeats is encoded once.
 */
export function base64OfPem(pem: Uint8Array): Uint8Array {
	let encoded = base64Memo.get(pem);
	if (encoded === undefined) {
		encoded = base64Octets(pem);
		base64Memo.set(pem, encoded);
	}
	return encoded;
}
