import { createRootCa, type NewRootCa } from '../ca';
import { signCrl } from '../crl/build';
import type { PkiDeps } from '../deps';
import { issuerOf, type CaIssuer } from '../issue/issuer';
import { signLeafDer } from '../issue/sign';
import type { SubjectAltName } from '../names';
import type { ExtendedKeyUsage } from '../profiles';
import { randomSerialHex } from '../serial';
import { wholeSeconds } from '../validity';
import { x509 } from '../x509';
import type { Fault } from './faults';
import type { HandshakeInput } from './types';

/**
 * "Break it safely": a fresh in-memory CA, server and client, each time, with one fault. Nothing is
 * stored; the keys are dropped when the request ends. The faults are the classic causes of a failed
 * mutual-TLS handshake (CockroachDB's TLS overview,
 * https://www.cockroachlabs.com/docs/stable/security-reference/transport-layer-security; RFC 5280
 * §6.1.3 for dates, issuer and revocation; RFC 6125 §6 for the host name).
 */
export interface ThrowawayOptions {
	host: string;
	/** The user the client logs in as (CockroachDB: client.<user>.crt with CN=<user>). */
	user: string;
}

const DAY = 86_400_000;
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

interface LabLeaf {
	cn: string;
	eku: ExtendedKeyUsage[];
	sans: SubjectAltName[];
	notBefore: Date;
	notAfter: Date;
}

/**
 * A leaf signed by the one signer every issuance uses (issue/sign.ts), without policy: the faults
 * are certificates policy would refuse (expired, not yet valid, the wrong EKU).
 */
async function leaf(
	issuer: CaIssuer,
	o: LabLeaf,
	deps: PkiDeps
): Promise<{ cert: x509.X509Certificate; privateKey: CryptoKey }> {
	const keys = (await deps.crypto.subtle.generateKey(EC, false, ['sign', 'verify'])) as CryptoKeyPair;
	const parts = {
		subject: [{ attr: 'CN' as const, value: o.cn }],
		sans: o.sans,
		extendedKeyUsage: o.eku,
		locations: {},
		serialHex: randomSerialHex(deps.crypto),
		notBefore: wholeSeconds(o.notBefore),
		notAfter: wholeSeconds(o.notAfter)
	};
	return {
		cert: new x509.X509Certificate(await signLeafDer(parts, keys.publicKey, issuer, deps)),
		privateKey: keys.privateKey
	};
}

/** The server and client of a lab, with the fault applied; both trust the lab CA. */
export async function throwawayHandshake(
	fault: Fault,
	options: ThrowawayOptions,
	deps: PkiDeps
): Promise<HandshakeInput> {
	const now = deps.now();
	const root = await createRootCa({ name: 'Throw-away Lab CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const ca = issuerOf({ certificate: root.certificate, privateKey: root.keys.privateKey });
	const other =
		fault === 'wrong-ca'
			? await createRootCa({ name: 'Some Other CA', keyAlgorithm: 'P-256', days: 30 }, deps)
			: undefined;
	const isIp = /^[0-9.]+$|:/.test(options.host);
	const hostSan: SubjectAltName = { type: isIp ? 'ip' : 'dns', value: options.host };
	const valid = { notBefore: new Date(now.getTime() - 3_600_000), notAfter: new Date(now.getTime() + 7 * DAY) };

	const { cert: server, privateKey: serverKey } = await leaf(
		other ? issuerOf({ certificate: other.certificate, privateKey: other.keys.privateKey }) : ca,
		{
			cn: 'node',
			eku: ['serverAuth', 'clientAuth'],
			sans: fault === 'missing-san' ? [{ type: 'dns', value: 'some-other-host.example' }] : [hostSan],
			...(fault === 'expired'
				? { notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() - 2 * DAY) }
				: valid)
		},
		deps
	);
	const { cert: client, privateKey: clientKey } = await leaf(
		ca,
		{
			cn: fault === 'cn-mismatch' ? `${options.user === 'bob' ? 'alice' : 'bob'}` : options.user,
			eku: [fault === 'server-auth-only-client' ? 'serverAuth' : 'clientAuth'],
			sans: [],
			...(fault === 'not-yet-valid'
				? { notBefore: new Date(now.getTime() + 2 * DAY), notAfter: new Date(now.getTime() + 9 * DAY) }
				: valid)
		},
		deps
	);

	// The server checks client certificates against the CA's CRL; in the revoked lab it lists the client.
	const crl = await labCrl(root, fault === 'revoked' ? [client.serialNumber] : [], now, deps.crypto);

	const caNamed = { cert: root.certificate, name: 'ca.crt' };
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

/**
 * A current CRL (issued a minute ago, next update in a day) from a lab CA, listing the given serials
 * as key compromise, signed by the one signer (crl/build.ts).
 */
export async function labCrl(ca: NewRootCa, serials: string[], now: Date, crypto: Crypto): Promise<x509.X509Crl> {
	const revokedAt = new Date(now.getTime() - 60_000);
	const issuer = issuerOf({ certificate: ca.certificate, privateKey: ca.keys.privateKey });
	const der = await signCrl(
		issuer,
		{
			number: 1,
			thisUpdate: revokedAt,
			nextUpdate: new Date(now.getTime() + DAY),
			entries: serials.map((serial) => ({ serialHex: serial.toLowerCase(), revokedAt, reason: 'keyCompromise' }))
		},
		{ crypto, now: () => now }
	);
	return new x509.X509Crl(der);
}

/** PEM of a CRL, with the label RFC 7468 §6 and OpenSSL use ("X509 CRL"). */
export const crlPem = (crl: x509.X509Crl) => x509.PemConverter.encode(crl.rawData, 'X509 CRL');
