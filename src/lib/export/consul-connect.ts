import { pem } from '../pki/der/pem';
import { sha1 } from '../pki/der/sha1';
import { caTrustDomain } from '../pki/spiffe-cert';
import { x509 } from '../pki/x509';

/**
 * The two JSON documents a Consul operator moves between this app and a cluster, shaped as
 * hashicorp/consul agent/structs/connect_ca.go serialises them:
 * GET /v1/connect/ca/roots (IndexedCARoots / CARoot) and the body of
 * PUT /v1/connect/ca/configuration (CAConfiguration with the consul provider's Config).
 */

const colonHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
const pemText = (der: Uint8Array) => `${pem(der, 'CERTIFICATE')}\n`;
/** Go's time.Time in JSON is RFC 3339; Consul's roots show whole seconds in UTC. */
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** CARoot.ID = connect.CalculateCertFingerprint: SHA-1 of the DER, colon-separated lower-case hex. */
export function connectRootId(der: Uint8Array): string {
	return colonHex(sha1(der));
}

const SERIAL = '__SERIAL_NUMBER__';

/**
 * One active root and its intermediates. CARoot.SerialNumber is a uint64 (Consul stores
 * SerialNumber.Uint64(), the low 64 bits), written as a bare JSON number, which JavaScript numbers
 * cannot hold exactly, so it is spliced in as text. SigningKeyID is the colon hex of the
 * certificate's SKI (connect.EncodeSigningKeyID).
 */
export function connectRootsDocument(
	rootDer: Uint8Array<ArrayBuffer>,
	name: string,
	intermediatesDer: Uint8Array[] = []
): string {
	const cert = new x509.X509Certificate(rootDer);
	const trustDomain = caTrustDomain(cert);
	if (!trustDomain) throw new Error('connectRootsDocument needs a CA with a spiffe:// trust domain');
	const id = connectRootId(rootDer);
	const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ?? '';
	const serial64 = BigInt(`0x${cert.serialNumber}`) & 0xffff_ffff_ffff_ffffn;
	const alg = cert.publicKey.algorithm as EcKeyAlgorithm & RsaHashedKeyAlgorithm;
	const doc = {
		ActiveRootID: id,
		TrustDomain: trustDomain,
		Roots: [
			{
				ID: id,
				Name: name,
				SerialNumber: SERIAL,
				SigningKeyID: colonHex(Uint8Array.from(ski.match(/../g) ?? [], (h) => parseInt(h, 16))),
				NotBefore: rfc3339(cert.notBefore),
				NotAfter: rfc3339(cert.notAfter),
				RootCert: pemText(rootDer),
				IntermediateCerts: intermediatesDer.length > 0 ? intermediatesDer.map(pemText) : null,
				Active: true,
				PrivateKeyType: alg.name === 'ECDSA' ? 'ec' : 'rsa',
				PrivateKeyBits: alg.name === 'ECDSA' ? Number(alg.namedCurve.slice(2)) : alg.modulusLength
			}
		]
	};
	return `${JSON.stringify(doc, null, 2).replace(`"${SERIAL}"`, serial64.toString())}\n`;
}

export interface ConnectCaConfigInput {
	rootDer: Uint8Array;
	/** The root's private key PEM; only after the user confirmed that it leaves the vault. */
	privateKeyPem?: string;
	leafCertTtlHours: number;
	intermediateCertTtlHours: number;
}

/**
 * Body for PUT /v1/connect/ca/configuration with the built-in provider: Consul then signs its own
 * intermediates under this root (provider_consul_config.go: PrivateKey, RootCert, LeafCertTTL,
 * IntermediateCertTTL; TTLs as Go durations).
 */
export function connectCaConfiguration(input: ConnectCaConfigInput): string {
	const config: Record<string, string> = {};
	if (input.privateKeyPem) config.PrivateKey = input.privateKeyPem;
	config.RootCert = pemText(input.rootDer);
	config.LeafCertTTL = `${input.leafCertTtlHours}h`;
	config.IntermediateCertTTL = `${input.intermediateCertTtlHours}h`;
	return `${JSON.stringify({ Provider: 'consul', Config: config }, null, 2)}\n`;
}
