import { x509 } from '../x509';

/** Key usage bits (RFC 5280 §4.2.1.3) and extended key usages (§4.2.1.12, RFC 9336) in plain words. */

export const KEY_USAGE_WORDS: { flag: number; name: string; words: string }[] = [
	{
		flag: x509.KeyUsageFlags.digitalSignature,
		name: 'digitalSignature',
		words: 'may make digital signatures (TLS handshakes with ECDSA, Ed25519, RSA-PSS)'
	},
	{
		flag: x509.KeyUsageFlags.nonRepudiation,
		name: 'nonRepudiation',
		words: 'may sign content with non-repudiation (contentCommitment)'
	},
	{
		flag: x509.KeyUsageFlags.keyEncipherment,
		name: 'keyEncipherment',
		words: 'may encrypt keys (RSA key exchange in TLS 1.2)'
	},
	{ flag: x509.KeyUsageFlags.dataEncipherment, name: 'dataEncipherment', words: 'may encrypt data directly' },
	{ flag: x509.KeyUsageFlags.keyAgreement, name: 'keyAgreement', words: 'may agree on keys (static Diffie-Hellman)' },
	{ flag: x509.KeyUsageFlags.keyCertSign, name: 'keyCertSign', words: 'may sign certificates' },
	{ flag: x509.KeyUsageFlags.cRLSign, name: 'cRLSign', words: 'may sign certificate revocation lists' },
	{ flag: x509.KeyUsageFlags.encipherOnly, name: 'encipherOnly', words: 'may only encipher during key agreement' },
	{ flag: x509.KeyUsageFlags.decipherOnly, name: 'decipherOnly', words: 'may only decipher during key agreement' }
];

export const EKU = {
	serverAuth: '1.3.6.1.5.5.7.3.1',
	clientAuth: '1.3.6.1.5.5.7.3.2',
	any: '2.5.29.37.0'
} as const;

export const EKU_WORDS: Record<string, { name: string; words: string }> = {
	[EKU.serverAuth]: { name: 'serverAuth', words: 'may be used as a TLS server' },
	[EKU.clientAuth]: { name: 'clientAuth', words: 'may be used as a TLS client' },
	'1.3.6.1.5.5.7.3.3': { name: 'codeSigning', words: 'may sign code' },
	'1.3.6.1.5.5.7.3.4': { name: 'emailProtection', words: 'may protect email (S/MIME)' },
	'1.3.6.1.5.5.7.3.8': { name: 'timeStamping', words: 'may sign time stamps' },
	'1.3.6.1.5.5.7.3.9': { name: 'OCSPSigning', words: 'may sign OCSP responses' },
	[EKU.any]: { name: 'anyExtendedKeyUsage', words: 'may be used for any purpose' }
};

export function keyUsageList(flags: number): { name: string; words: string }[] {
	return KEY_USAGE_WORDS.filter((k) => flags & k.flag).map(({ name, words }) => ({ name, words }));
}

export function ekuList(oids: readonly string[]): { oid: string; name: string; words: string }[] {
	return oids.map((oid) => ({ oid, ...(EKU_WORDS[oid] ?? { name: oid, words: `may be used for ${oid}` }) }));
}

/** CRL reason codes (RFC 5280 §5.3.1). */
export const CRL_REASONS = [
	'unspecified',
	'keyCompromise',
	'cACompromise',
	'affiliationChanged',
	'superseded',
	'cessationOfOperation',
	'certificateHold',
	'(unused)',
	'removeFromCRL',
	'privilegeWithdrawn',
	'aACompromise'
];
