import { hostIp } from '../verify/checks-usage';
import type { VerifyResult } from '../verify/types';

/**
 * The one-line fix for a failing check of a handshake, naming the file and the field to change.
 * The verifier says what is wrong; this says what to do about it.
 */
export function fixFor(
	v: Pick<VerifyResult, 'steps' | 'names'>,
	purpose: 'serverAuth' | 'clientAuth',
	host: string | undefined,
	trustedBy: string
): { file?: string; fix: string } | undefined {
	const step = v.steps.find((s) => !s.ok);
	if (!step) return undefined;
	const file = v.names[step.certIndex ?? 0];
	const leaf = v.names[0] ?? 'the certificate';
	const at = file ? { file } : {};
	switch (step.code) {
		case 'expired':
			return { ...at, fix: `Issue ${file} again with a validity period that includes today (field: notAfter).` };
		case 'not-yet-valid':
			return {
				...at,
				fix: `Check the clock of the machine that checks it; or issue ${file} again with notBefore in the past.`
			};
		case 'issuer-not-found':
		case 'untrusted-root':
		case 'signature-invalid':
			return {
				...at,
				fix: `Issue ${leaf} again from the CA that ${trustedBy} trusts, or give ${trustedBy} the CA certificate that signed ${leaf} (field: issuer).`
			};
		case 'purpose':
			return {
				...at,
				fix: `Issue ${leaf} again with extendedKeyUsage = ${purpose === 'serverAuth' ? 'serverAuth' : 'clientAuth'}${purpose === 'serverAuth' ? '' : ' (nodes that dial each other need serverAuth, clientAuth)'}.`
			};
		case 'key-usage':
			return { ...at, fix: `Issue ${file} again with keyUsage = digitalSignature, keyEncipherment.` };
		case 'host-mismatch':
			return {
				...at,
				fix: `Issue ${leaf} again with ${host} as ${host && hostIp(host) ? 'an IP' : 'a DNS'} subject alternative name (field: subjectAltName), or dial a name it lists.`
			};
		case 'revoked':
			return { ...at, fix: `Issue a new certificate in place of ${file}; the revoked one cannot be taken back.` };
		case 'crl-invalid':
		case 'crl-unavailable':
			return { fix: `Publish a current CRL from the CA that issued ${file} and give it to ${trustedBy}.` };
		case 'not-a-ca':
		case 'path-length-exceeded':
		case 'name-constraint':
			return { ...at, fix: `Issue ${leaf} again from a CA allowed to sign it.` };
		default:
			return at.file ? { ...at, fix: `Issue ${file} again.` } : undefined;
	}
}
