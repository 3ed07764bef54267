import { x509 } from '../x509';
import { isSelfIssued } from './build-path';
import { quote, relative, when } from './format';
import type { PathCert, VerifyStep } from './types';

/** Per-certificate checks of RFC 5280 §6.1.3 (a) and §6.1.4: signature, dates, CA constraints. */

export async function signatureSteps(path: PathCert[], crypto: Crypto): Promise<VerifyStep[]> {
	const steps: VerifyStep[] = [];
	// The anchor's own signature is not checked: its trust comes from being configured (RFC 5280 §6.1.1 (d); openssl does the same without -check_ss_sig).
	for (let i = 0; i + 1 < path.length; i++) {
		const child = path[i]!;
		const issuer = path[i + 1]!;
		let ok = false;
		try {
			ok = await child.cert.verify({ publicKey: issuer.cert.publicKey, signatureOnly: true }, crypto);
		} catch {
			ok = false;
		}
		const hint = issuer.akiMismatch
			? ` (it names ${quote(issuer.name)} as its issuer, but its authority key identifier belongs to a different key: another CA with the same name signed it)`
			: '';
		steps.push(
			ok
				? {
						check: 'signature',
						ok,
						certIndex: i,
						reason: `signature of ${quote(child.name)} verifies with the public key of ${quote(issuer.name)}`
					}
				: {
						check: 'signature',
						ok,
						certIndex: i,
						code: 'signature-invalid',
						reason: `signature of ${quote(child.name)} does not verify with the public key of ${quote(issuer.name)}${hint}`
					}
		);
	}
	return steps;
}

export function validitySteps(path: PathCert[], at: Date): VerifyStep[] {
	return path.map(({ cert, name }, i) => {
		if (at < cert.notBefore)
			return {
				check: 'validity',
				ok: false,
				certIndex: i,
				code: 'not-yet-valid',
				reason: `${name} is not valid yet: it becomes valid on ${when(cert.notBefore)} (${relative(cert.notBefore, at)}). Check the clock, or wait.`
			};
		if (at > cert.notAfter)
			return {
				check: 'validity',
				ok: false,
				certIndex: i,
				code: 'expired',
				reason: `${name} expired on ${when(cert.notAfter)} (${relative(cert.notAfter, at)}). Renew it.`
			};
		return {
			check: 'validity',
			ok: true,
			certIndex: i,
			reason: `${name} is valid until ${when(cert.notAfter)} (${relative(cert.notAfter, at)})`
		};
	});
}

/**
 * Every issuer must be a CA (basicConstraints cA TRUE, §4.2.1.9; v1 self-signed anchors are accepted
 * as openssl does), may sign certificates when it has a keyUsage (§4.2.1.3), and its pathLenConstraint
 * bounds the non-self-issued intermediates below it (§6.1.4 (l), (m)).
 */
export function caSteps(path: PathCert[]): VerifyStep[] {
	const steps: VerifyStep[] = [];
	for (let i = 1; i < path.length; i++) {
		const { cert, name } = path[i]!;
		const bc = cert.getExtension(x509.BasicConstraintsExtension);
		const v1Anchor = path[i]!.trusted && !bc && cert.extensions.length === 0 && isSelfIssued(cert);
		if (!bc?.ca && !v1Anchor) {
			steps.push({
				check: 'basicConstraints',
				ok: false,
				certIndex: i,
				code: 'not-a-ca',
				reason:
					`${quote(name)} signed ${quote(path[i - 1]!.name)} but is not a CA: ` +
					`${bc ? 'its basicConstraints say CA:FALSE' : 'it has no basicConstraints extension'}`
			});
		} else {
			steps.push({ check: 'basicConstraints', ok: true, certIndex: i, reason: `${quote(name)} is a CA` });
		}
		const ku = cert.getExtension(x509.KeyUsagesExtension);
		if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) {
			steps.push({
				check: 'keyUsage',
				ok: false,
				certIndex: i,
				code: 'key-usage',
				reason: `${quote(name)} is not allowed to sign certificates: its key usage lacks keyCertSign`
			});
		}
		const pathLen = bc?.ca ? bc.pathLength : undefined;
		if (pathLen !== undefined) {
			const below = path.slice(1, i).filter((p) => !isSelfIssued(p.cert)).length;
			steps.push(
				below > pathLen
					? {
							check: 'pathLen',
							ok: false,
							certIndex: i,
							code: 'path-length-exceeded',
							reason:
								`${i === path.length - 1 ? 'root' : 'intermediate'} ${quote(name)} ` +
								`has pathLen ${pathLen} but ` +
								`${below === 1 ? 'another CA follows' : `${below} CAs follow`} it`
						}
					: {
							check: 'pathLen',
							ok: true,
							certIndex: i,
							reason: `${quote(name)} allows ${pathLen} CA${pathLen === 1 ? '' : 's'} below it; ${below} follow${below === 1 ? 's' : ''}`
						}
			);
		}
	}
	return steps;
}

/** What openssl -x509_strict adds (OpenSSL 3.0 x509_vfy.c check_extensions), each an RFC 5280 MUST. */
export function strictSteps(path: PathCert[]): VerifyStep[] {
	const steps: VerifyStep[] = [];
	const fail = (i: number, why: string) =>
		steps.push({
			check: 'strict',
			ok: false,
			certIndex: i,
			code: 'not-strict',
			reason: `${quote(path[i]!.name)} breaks RFC 5280: ${why}`
		});
	path.forEach(({ cert }, i) => {
		const bc = cert.getExtension(x509.BasicConstraintsExtension);
		const ku = cert.getExtension(x509.KeyUsagesExtension);
		if (bc?.ca) {
			if (!bc.critical) fail(i, 'a CA must mark basicConstraints critical (§4.2.1.9)');
			if (!ku) fail(i, 'a CA must have a keyUsage extension (§4.2.1.3)');
			if (!cert.getExtension(x509.SubjectKeyIdentifierExtension))
				fail(i, 'a CA must have a subject key identifier (§4.2.1.2)');
		} else {
			if (bc?.pathLength !== undefined) fail(i, 'pathLen is only allowed on CA certificates (§4.2.1.9)');
			if (ku && ku.usages & x509.KeyUsageFlags.keyCertSign)
				fail(i, 'keyCertSign is only allowed on CA certificates (§4.2.1.3)');
		}
		if (!isSelfIssued(cert) && !cert.getExtension(x509.AuthorityKeyIdentifierExtension))
			fail(i, 'a certificate not signed by itself must have an authority key identifier (§4.2.1.1)');
	});
	if (steps.length === 0)
		steps.push({
			check: 'strict',
			ok: true,
			reason: 'every certificate follows the RFC 5280 profile rules openssl -x509_strict checks'
		});
	return steps;
}
