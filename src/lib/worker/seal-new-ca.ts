import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { caTrustDomain } from '../pki/spiffe-cert';
import { x509 } from '../pki/x509';
import { sealPrivateKey, unsealPrivateKey } from '../vault/seal';
import type { OperationContext } from './operation-types';
import type { CreatedCa } from './types';

/**
 * Seals a new CA's key like every CA's, then opens what was just sealed: it proves the seal
 * round-trips and leaves only a non-extractable key in memory; the extractable key goes out of
 * scope in the caller. Created and imported CAs alike come through here.
 * `cancelled` is the message for a request cancelled while its key was being made or read: that
 * work cannot be interrupted, but its result can be dropped before anything is sealed.
 */
export async function sealNewCa(
	certificate: x509.X509Certificate,
	extractableKey: CryptoKey,
	request: { caId: string; passphrase: string; keyAlgorithm: KeyAlgorithm },
	ctx: OperationContext,
	cancelled: string
): Promise<CreatedCa> {
	if (ctx.signal.aborted) throw new PkiError('cancelled', cancelled);
	const sealedKey = await sealPrivateKey(
		extractableKey,
		request.passphrase,
		request.caId,
		ctx.deps.crypto,
		ctx.kdfIterations
	);
	const started = performance.now();
	const privateKey = await unsealPrivateKey(
		sealedKey,
		request.passphrase,
		request.caId,
		request.keyAlgorithm,
		ctx.deps.crypto
	);
	const unlockMs = performance.now() - started;
	const pathLen = certificate.getExtension(x509.BasicConstraintsExtension)?.pathLength;
	const trustDomain = caTrustDomain(certificate);
	return {
		certificateDer: new Uint8Array(certificate.rawData),
		notBefore: certificate.notBefore,
		notAfter: certificate.notAfter,
		sealedKey,
		privateKey,
		unlockMs,
		...(trustDomain ? { trustDomain } : {}),
		...(pathLen !== undefined ? { pathLen } : {})
	};
}
