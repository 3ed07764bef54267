import type { PkiDeps } from '../deps';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { checkKeyOfCertificate } from '../issue/sign';
import { CLOCK_SKEW_MS, leafValidity, rootValidity, wholeSeconds } from '../validity';
import { x509 } from '../x509';
import { reissueCaCertificate } from './reissue-ca';

/** A CA certificate and its unlocked key. */
export interface CaKeyPair {
	certificateDer: Bytes;
	privateKey: CryptoKey;
}

/**
 * Renews a CA with the key it already has: same subject, SPKI and SKI, a new serial and `days` of
 * validity from now. A root signs itself; an intermediate is signed by its parent and must end
 * before it (leafValidity refuses, saying how many days the parent has left). Leaves issued under
 * the old certificate keep verifying, since their issuer Name and AKI still match (RFC 5280 §6.1).
 */
export async function renewCaSameKey(
	ca: CaKeyPair,
	parent: CaKeyPair | undefined,
	days: number,
	deps: PkiDeps
): Promise<Bytes> {
	const current = new x509.X509Certificate(ca.certificateDer);
	if (!parent) {
		return reissueCaCertificate(
			ca.certificateDer,
			{ certificate: current, privateKey: ca.privateKey },
			rootValidity(deps.now(), days),
			deps
		);
	}
	const parentCertificate = new x509.X509Certificate(parent.certificateDer);
	const validity = leafValidity(deps.now(), days, parentCertificate);
	// Its own key does not sign the renewal, but the user unlocked it to ask for one: a key that is
	// not the certificate's means the record is broken.
	await checkKeyOfCertificate(
		current,
		ca.privateKey,
		deps,
		'The unlocked key does not belong to this CA certificate, so nothing was renewed.'
	);
	return reissueCaCertificate(
		ca.certificateDer,
		{ certificate: parentCertificate, privateKey: parent.privateKey },
		validity,
		deps
	);
}

/**
 * The new root's certificate cross-signed by the old root (Consul's CrossSignCA,
 * agent/connect/ca/provider_consul.go): a copy with a new serial, the old root as issuer and AKI,
 * valid from now (less the clock-skew allowance) until whichever root ends first, because a path
 * through it is checked against the old root's validity too (RFC 5280 §6.1.3). Consul keeps it
 * only for a week since its leaves live three days; ours live longer, so it lasts as long as
 * both roots do. Leaves of the new root presented with it after them chain to the old root for a
 * peer that trusts only the old one.
 */
export async function crossSignRoot(newRootDer: Bytes, oldRoot: CaKeyPair, deps: PkiDeps): Promise<Bytes> {
	const oldCertificate = new x509.X509Certificate(oldRoot.certificateDer);
	const newCertificate = new x509.X509Certificate(newRootDer);
	const now = deps.now();
	if (oldCertificate.notAfter.getTime() <= now.getTime()) {
		throw new PkiError(
			'ca-expired',
			`The old root expired on ${oldCertificate.notAfter.toISOString().slice(0, 10)}; an ` +
				'expired root cannot vouch for the new one. Use a forced rotation instead.',
			'form'
		);
	}
	if (oldCertificate.subject === newCertificate.subject) {
		throw new PkiError(
			'name-invalid',
			'The new root needs a name different from the old root: a cross-signed certificate ' +
				'whose issuer and subject are the same name looks self-issued to verifiers.',
			'name'
		);
	}
	const notBefore = wholeSeconds(
		new Date(
			Math.max(now.getTime() - CLOCK_SKEW_MS, oldCertificate.notBefore.getTime(), newCertificate.notBefore.getTime())
		)
	);
	const notAfter = new Date(Math.min(oldCertificate.notAfter.getTime(), newCertificate.notAfter.getTime()));
	return reissueCaCertificate(
		newRootDer,
		{ certificate: oldCertificate, privateKey: oldRoot.privateKey },
		{ notBefore, notAfter },
		deps
	);
}
