import { createRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { randomSerialHex } from '../serial';
import { wholeSeconds } from '../validity';
import { x509 } from '../x509';
import type { Fault } from './faults';
import type { HandshakeInput } from './types';

/**
 * "Break it safely": a fresh in-memory CA, server and client, each time, with one fault. Nothing is
 * stored; the keys are dropped when the request ends. The faults are the classic causes of a failed
 * mutual-TLS handshake (CockroachDB docs, "Transport Layer Security (TLS) in CockroachDB"; RFC 5280
 * §6.1.3 for dates, issuer and revocation; RFC 6125 §6 for the host name).
 */
export interface ThrowawayOptions {
	host: string;
	/** The user the client logs in as (CockroachDB: client.<user>.crt with CN=<user>). */
	user: string;
}

const DAY = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const KU = x509.KeyUsageFlags;

interface Issuer {
	certificate: x509.X509Certificate;
	keys: CryptoKeyPair;
}

async function leaf(
	issuer: Issuer,
	o: { cn: string; eku: string[]; sans: x509.JsonGeneralName[]; notBefore: Date; notAfter: Date },
	crypto: Crypto
): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey }> {
	const keys = (await crypto.subtle.generateKey(EC, false, ['sign', 'verify'])) as CryptoKeyPair;
	const sans = o.sans.length ? [new x509.SubjectAlternativeNameExtension(o.sans)] : [];
	const cert = await x509.X509CertificateGenerator.create(
		{
			serialNumber: randomSerialHex(crypto),
			subject: [{ CN: [o.cn] }],
			issuer: issuer.certificate.subjectName,
			notBefore: wholeSeconds(o.notBefore),
			notAfter: wholeSeconds(o.notAfter),
			publicKey: keys.publicKey,
			signingKey: issuer.keys.privateKey,
			signingAlgorithm: SIG,
			extensions: [
				new x509.BasicConstraintsExtension(false, undefined, true),
				new x509.KeyUsagesExtension(KU.digitalSignature | KU.keyEncipherment, true),
				new x509.ExtendedKeyUsageExtension(o.eku),
				...sans,
				await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
				await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto)
			]
		},
		crypto
	);
	return { cert, privateKey: keys.privateKey };
}

/** The server and client of a lab, with the fault applied; both trust the lab CA. */
export async function throwawayHandshake(
	fault: Fault,
	options: ThrowawayOptions,
	deps: PkiDeps
): Promise<HandshakeInput> {
	const now = deps.now();
	const crypto = deps.crypto;
	const ca = await createRootCa({ name: 'Throw-away Lab CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const other =
		fault === 'wrong-ca'
			? await createRootCa({ name: 'Some Other CA', keyAlgorithm: 'P-256', days: 30 }, deps)
			: undefined;
	const isIp = /^[0-9.]+$|:/.test(options.host);
	const hostSan: x509.JsonGeneralName = { type: isIp ? 'ip' : 'dns', value: options.host };
	const valid = { notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 7 * DAY) };

	const { cert: server, privateKey: serverKey } = await leaf(
		other ?? ca,
		{
			cn: 'node',
			eku: [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
			sans: fault === 'missing-san' ? [{ type: 'dns', value: 'some-other-host.example' }] : [hostSan],
			...(fault === 'expired'
				? { notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() - 2 * DAY) }
				: valid)
		},
		crypto
	);
	const { cert: client, privateKey: clientKey } = await leaf(
		ca,
		{
			cn: fault === 'cn-mismatch' ? `${options.user === 'bob' ? 'alice' : 'bob'}` : options.user,
			eku: [fault === 'server-auth-only-client' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
			sans: [],
			...(fault === 'not-yet-valid'
				? { notBefore: new Date(now.getTime() + 2 * DAY), notAfter: new Date(now.getTime() + 9 * DAY) }
				: valid)
		},
		crypto
	);

	// The server checks client certificates against the CA's CRL; in the revoked lab it lists the client.
	const crl = await labCrl(ca, fault === 'revoked' ? [client.serialNumber] : [], now, crypto);

	const caNamed = { cert: ca.certificate, name: 'ca.crt' };
	return {
		server: {
			label: 'server (node.crt)',
			chain: [{ cert: server, name: 'node.crt' }],
			trusts: [caNamed],
			crls: [crl],
			key: { name: 'node.key', privateKey: serverKey }
		},
		client: {
			label: `client (client.${options.user}.crt)`,
			chain: [{ cert: client, name: `client.${options.user}.crt` }],
			trusts: [caNamed],
			key: { name: `client.${options.user}.key`, privateKey: clientKey }
		},
		host: options.host,
		expectedClientName: options.user,
		at: now
	};
}

/** A current CRL (issued a minute ago, next update in a day) from a lab CA, listing the given serials as key compromise. */
export async function labCrl(ca: Issuer, serials: string[], now: Date, crypto: Crypto): Promise<x509.X509Crl> {
	const minuteAgo = wholeSeconds(new Date(now.getTime() - 60_000));
	return x509.X509CrlGenerator.create(
		{
			issuer: ca.certificate.subjectName,
			thisUpdate: minuteAgo,
			nextUpdate: wholeSeconds(new Date(now.getTime() + DAY)),
			signingKey: ca.keys.privateKey,
			signingAlgorithm: SIG,
			entries: serials.map((serialNumber) => ({
				serialNumber,
				revocationDate: minuteAgo,
				reason: x509.X509CrlReason.keyCompromise
			})),
			extensions: [await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto)]
		},
		crypto
	);
}

/** PEM of a CRL, with the label RFC 7468 §6 and OpenSSL use ("X509 CRL"). */
export const crlPem = (crl: x509.X509Crl) => x509.PemConverter.encode(crl.rawData, 'X509 CRL');
