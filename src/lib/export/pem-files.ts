import { pemBytes } from '../pki/der/pem';
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

const BASE64_ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 0x3d; // '='

/**
 * Base64 (RFC 4648 §4, with padding) of octets, as ASCII octets. Written here because the
 * platform's encoders give a string (btoa, Uint8Array.prototype.toBase64), which a 1,000-node
 * bundle's Secrets file then had to turn back into octets, character by character; this writes
 * the octets the file holds. pem-files.test.ts checks it against Node's Buffer.
 */
export function base64Octets(data: Uint8Array): Uint8Array {
	const out = new Uint8Array(Math.ceil(data.length / 3) * 4);
	const a = BASE64_ALPHABET;
	let o = 0;
	let i = 0;
	for (; i + 2 < data.length; i += 3) {
		const n = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
		out[o++] = a[n >>> 18]!;
		out[o++] = a[(n >>> 12) & 63]!;
		out[o++] = a[(n >>> 6) & 63]!;
		out[o++] = a[n & 63]!;
	}
	if (i < data.length) {
		const n = (data[i]! << 16) | (i + 1 < data.length ? data[i + 1]! << 8 : 0);
		out[o++] = a[n >>> 18]!;
		out[o++] = a[(n >>> 12) & 63]!;
		out[o++] = i + 1 < data.length ? a[(n >>> 6) & 63]! : PAD;
		out[o++] = PAD;
	}
	return out;
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
