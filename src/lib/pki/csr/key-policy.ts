import { PkiError } from '../errors';
import type { KeyInfo } from '../parse/key-info';

/**
 * Subject keys the app certifies. RSA below 2048 bits is refused: NIST SP 800-131A Rev. 2 §2
 * disallows it for signatures, and the CA/Browser Forum Baseline Requirements §6.1.5 require 2048.
 * Above 16384 bits no TLS stack is expected to cope. EC keys on P-256, P-384 and P-521 (the curves
 * of RFC 5480 §2.1.1.1 that WebCrypto verifies with) and Ed25519 (RFC 8410) are accepted; other
 * curves (P-192, P-224, secp256k1), RSA-PSS-only keys and key-agreement keys are not.
 */
export function checkSubjectKey(key: KeyInfo, field = 'csr'): void {
	if (key.type === 'RSA') {
		if (key.bits === undefined)
			throw new PkiError('input-malformed', 'The RSA public key in the CSR cannot be read. Ask for a new CSR.', field);
		if (key.bits < 2048) {
			throw new PkiError(
				'key-unsupported',
				`The key is RSA ${key.bits}: RSA keys below 2048 bits can be broken and no CA ` +
					'should certify them (NIST SP 800-131A). Ask for a new CSR with an RSA 2048 (or ' +
					'larger) or ECDSA P-256 key.',
				field
			);
		}
		if (key.bits > 16384)
			throw new PkiError(
				'key-unsupported',
				`The key is RSA ${key.bits}: larger than TLS software accepts. Ask for a new CSR with an RSA 2048–4096 key.`,
				field
			);
		return;
	}
	if (key.type === 'EC' && (key.curve === 'P-256' || key.curve === 'P-384' || key.curve === 'P-521')) return;
	if (key.type === 'Ed25519') return;
	throw new PkiError(
		'key-unsupported',
		`The key is ${key.label}, which this CA does not certify. Ask for a new CSR with an ECDSA P-256/P-384, RSA 2048+ or Ed25519 key.`,
		field
	);
}
