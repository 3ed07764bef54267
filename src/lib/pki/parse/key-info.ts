import type { Bytes } from '../der/writer';
import { algorithmIdentifier, bitLength, contents, integerMagnitude, oidText, outerTlv, tryChildren } from './der-util';

/** A key's type and size in the words people use ("ECDSA P-256", "RSA 2048", "Ed25519"). */
export interface KeyInfo {
	type: 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | 'unknown';
	/** Key size in bits (RSA modulus, EC field size). */
	bits?: number;
	/** NIST / SEC name of the curve, for EC keys. */
	curve?: string;
	/** Algorithm OID from the key's AlgorithmIdentifier. */
	oid: string;
	label: string;
}

/** Algorithm OIDs: RFC 8017 App. C (RSA), RFC 5480 §2.1.1 (EC, curves), RFC 8410 §3 (Edwards/Montgomery). */
export const KEY_OID = {
	rsa: '1.2.840.113549.1.1.1',
	rsaPss: '1.2.840.113549.1.1.10',
	ec: '1.2.840.10045.2.1'
} as const;
const SIMPLE: Record<string, KeyInfo['type']> = {
	'1.3.101.112': 'Ed25519',
	'1.3.101.113': 'Ed448',
	'1.3.101.110': 'X25519',
	'1.3.101.111': 'X448'
};
export const CURVES: Record<string, { name: string; bits: number }> = {
	'1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
	'1.3.132.0.34': { name: 'P-384', bits: 384 },
	'1.3.132.0.35': { name: 'P-521', bits: 521 },
	'1.3.132.0.10': { name: 'secp256k1', bits: 256 },
	'1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
	'1.3.132.0.33': { name: 'P-224', bits: 224 }
};

function info(oid: string, rsaModulus: Bytes | undefined, curveOid: string | undefined): KeyInfo {
	if (oid === KEY_OID.rsa || oid === KEY_OID.rsaPss) {
		const type = oid === KEY_OID.rsa ? 'RSA' : 'RSA-PSS';
		const bits = rsaModulus ? bitLength(rsaModulus) : undefined;
		return bits ? { type, oid, bits, label: `${type} ${bits}` } : { type, oid, label: type };
	}
	if (oid === KEY_OID.ec) {
		const curve = curveOid ? CURVES[curveOid] : undefined;
		if (curve) return { type: 'EC', oid, curve: curve.name, bits: curve.bits, label: `ECDSA ${curve.name}` };
		return { type: 'EC', oid, label: curveOid ? `ECDSA (curve ${curveOid})` : 'ECDSA (explicit curve parameters)' };
	}
	const simple = SIMPLE[oid];
	return simple ? { type: simple, oid, label: simple } : { type: 'unknown', oid, label: `unknown key type ${oid}` };
}

/** First INTEGER of an RSAPublicKey / RSAPrivateKey ((RFC 8017 App. A.1), skipping a version. */
function rsaModulus(der: Bytes, isPrivate: boolean): Bytes | undefined {
	try {
		const ints = tryChildren(der, outerTlv(der, 'RSA key'));
		const n = ints?.[isPrivate ? 1 : 0];
		return n && n.tag === 0x02 ? integerMagnitude(der, n) : undefined;
	} catch {
		return undefined;
	}
}

/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) → key info. */
export function spkiInfo(spki: Bytes): KeyInfo {
	const [alg, key] = tryChildren(spki, outerTlv(spki, 'The public key')) ?? [];
	const id = alg && algorithmIdentifier(spki, alg);
	if (!id || !key) return { type: 'unknown', oid: '', label: 'unreadable public key' };
	const curve = id.params?.tag === 0x06 ? oidText(contents(spki, id.params)) : undefined;
	// BIT STRING contents start with the unused-bits octet.
	const modulus =
		id.oid === KEY_OID.rsa || id.oid === KEY_OID.rsaPss
			? rsaModulus(contents(spki, key).subarray(1), false)
			: undefined;
	return info(id.oid, modulus, curve);
}

/** PrivateKeyInfo (RFC 5208 §5 / RFC 5958 §2) → key info. */
export function pkcs8Info(pkcs8: Bytes): KeyInfo {
	const [, alg, key] = tryChildren(pkcs8, outerTlv(pkcs8, 'The private key')) ?? [];
	const id = alg && algorithmIdentifier(pkcs8, alg);
	if (!id || !key) return { type: 'unknown', oid: '', label: 'unreadable private key' };
	const curve = id.params?.tag === 0x06 ? oidText(contents(pkcs8, id.params)) : undefined;
	const modulus =
		id.oid === KEY_OID.rsa || id.oid === KEY_OID.rsaPss ? rsaModulus(contents(pkcs8, key), true) : undefined;
	return info(id.oid, modulus, curve);
}
