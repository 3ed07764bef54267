import { x509 } from '../x509';
import { colonHex } from './der-util';
import { crlDistributionUris, hex, nameConstraints, subjectAltNames } from './extensions';
import { sanView, type SanView } from './general-names';
import { spkiInfo, type KeyInfo } from './key-info';
import { ekuList, keyUsageList } from './words';

/** A readable, JSON-serialisable view of a certificate for the inspector. */
export interface CertificateView {
	subject: string;
	issuer: string;
	/** The subject CN, or the whole subject when it has none: the name the UI and messages use. */
	commonName: string;
	selfSigned: boolean;
	serial: string;
	sans: SanView;
	key: KeyInfo;
	signatureAlgorithm: string;
	validity: { notBefore: string; notAfter: string; daysLeft: number; state: 'valid' | 'expired' | 'not-yet-valid' };
	keyUsage?: { critical: boolean; usages: { name: string; words: string }[] };
	extendedKeyUsage?: { critical: boolean; usages: { oid: string; name: string; words: string }[] };
	basicConstraints?: { critical: boolean; ca: boolean; pathLen?: number };
	nameConstraints?: { critical: boolean; permitted: string[]; excluded: string[] };
	subjectKeyId?: string;
	authorityKeyId?: string;
	aia: { ocsp: string[]; caIssuers: string[] };
	crlDistributionPoints: string[];
	fingerprints: { sha256: string; sha1: string };
	extensions: { oid: string; critical: boolean; hex: string }[];
}

const DAY = 86_400_000;

export async function describeCertificate(
	cert: x509.X509Certificate,
	now: Date,
	crypto: Crypto
): Promise<CertificateView> {
	const ku = cert.getExtension(x509.KeyUsagesExtension);
	const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
	const bc = cert.getExtension(x509.BasicConstraintsExtension);
	const ncExt = cert.extensions.find((e) => e.type === '2.5.29.30');
	const nc = nameConstraints(cert);
	const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
	const der = new Uint8Array(cert.rawData);
	const t = now.getTime();
	return {
		subject: cert.subject,
		issuer: cert.issuer,
		commonName: commonName(cert.subjectName, cert.subject),
		selfSigned: cert.subject === cert.issuer,
		serial: cert.serialNumber.toLowerCase(),
		sans: sanView(subjectAltNames(cert)),
		key: spkiInfo(new Uint8Array(cert.publicKey.rawData)),
		signatureAlgorithm: signatureName(cert.signatureAlgorithm),
		validity: {
			notBefore: cert.notBefore.toISOString(),
			notAfter: cert.notAfter.toISOString(),
			daysLeft: Math.floor((cert.notAfter.getTime() - t) / DAY),
			state: t < cert.notBefore.getTime() ? 'not-yet-valid' : t > cert.notAfter.getTime() ? 'expired' : 'valid'
		},
		...(ku ? { keyUsage: { critical: ku.critical, usages: keyUsageList(ku.usages) } } : {}),
		...(eku ? { extendedKeyUsage: { critical: eku.critical, usages: ekuList(eku.usages.map(String)) } } : {}),
		...(bc
			? {
					basicConstraints: {
						critical: bc.critical,
						ca: bc.ca,
						...(bc.pathLength !== undefined ? { pathLen: bc.pathLength } : {})
					}
				}
			: {}),
		...(nc && ncExt
			? {
					nameConstraints: {
						critical: ncExt.critical,
						permitted: nc.permitted.map(gnText),
						excluded: nc.excluded.map(gnText)
					}
				}
			: {}),
		...keyIds(cert),
		aia: { ocsp: (aia?.ocsp ?? []).map((g) => g.value), caIssuers: (aia?.caIssuers ?? []).map((g) => g.value) },
		crlDistributionPoints: crlDistributionUris(cert),
		fingerprints: {
			sha256: colonHex(new Uint8Array(await crypto.subtle.digest('SHA-256', der))),
			sha1: colonHex(new Uint8Array(await crypto.subtle.digest('SHA-1', der)))
		},
		extensions: cert.extensions.map((e) => ({ oid: e.type, critical: e.critical, hex: hex(e.value) }))
	};
}

export const gnText = (g: { type: string; value: string }) =>
	`${{ dns: 'DNS', ip: 'IP', uri: 'URI', email: 'email', dn: 'DirName', other: '' }[g.type] ?? g.type}:${g.value}`;

export function commonName(name: x509.Name, whole: string): string {
	return name.getField('CN')[0] ?? (whole || '(empty subject)');
}

function keyIds(cert: x509.X509Certificate): { subjectKeyId?: string; authorityKeyId?: string } {
	const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
	const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
	return { ...(ski ? { subjectKeyId: ski } : {}), ...(aki ? { authorityKeyId: aki } : {}) };
}

/** "ECDSA with SHA-256", "RSA with SHA-256", "Ed25519", "RSA-PSS with SHA-256". */
export function signatureName(alg: Algorithm & { hash?: Algorithm }): string {
	const name = alg.name === 'RSASSA-PKCS1-v1_5' ? 'RSA' : alg.name;
	return alg.hash ? `${name} with ${alg.hash.name}` : name;
}
