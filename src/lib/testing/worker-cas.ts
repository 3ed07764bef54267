import type { KeyAlgorithm } from '../pki/algorithms';
import type { CaOptions } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';
import { operations, type OperationContext } from '../worker/operations';
import type { CreatedCa, UnlockedCa } from '../worker/protocol';

/**
 * CAs for the worker operations' tests, made by the operations themselves (createCa,
 * createIntermediateCa) with a fast seal, and lent back as the page lends an unlocked CA.
 */

/** An operation context on a pinned clock; the seal's KDF runs 1,000 rounds so tests stay fast. */
export function testContext(now: Date): OperationContext {
	const deps: PkiDeps = { crypto: globalThis.crypto, now: () => now };
	return { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
}

export interface TestCaRequest {
	id: string;
	name: string;
	days: number;
	keyAlgorithm?: KeyAlgorithm;
	options?: CaOptions;
}

export async function testRootCa(ctx: OperationContext, ca: TestCaRequest): Promise<CreatedCa> {
	const { id, keyAlgorithm = 'P-256', ...rest } = ca;
	return operations.createCa({ caId: id, keyAlgorithm, passphrase: 'p', ...rest }, ctx);
}

export async function testIntermediateCa(
	ctx: OperationContext,
	parent: CreatedCa,
	ca: TestCaRequest
): Promise<CreatedCa> {
	const { id, keyAlgorithm = 'P-256', ...rest } = ca;
	return operations.createIntermediateCa(
		{
			caId: id,
			parent: { certificateDer: parent.certificateDer, privateKey: parent.privateKey },
			keyAlgorithm,
			passphrase: 'p',
			...rest
		},
		ctx
	);
}

/** A created CA as the page lends it to the worker (role 'ca' unless given). */
export function lent(
	ca: CreatedCa,
	id: string,
	name: string,
	extra: Partial<Omit<UnlockedCa, 'certificateDer' | 'privateKey'>> = {}
): UnlockedCa {
	return { role: 'ca', id, name, certificateDer: ca.certificateDer, privateKey: ca.privateKey, ...extra };
}
