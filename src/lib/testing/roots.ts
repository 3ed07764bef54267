import { beforeAll } from 'vitest';
import type { KeyAlgorithm } from '../pki/algorithms';
import { createRootCa, type NewRootCa } from '../pki/ca';
import type { PkiDeps } from '../pki/deps';

/** The CA key algorithms the encoder tests sign with: both curves, RSA, and Ed25519. */
export const ISSUER_ALGORITHMS: readonly KeyAlgorithm[] = ['P-256', 'P-384', 'RSA-2048', 'Ed25519'];

/** One root per algorithm, made before the file's tests run; the returned function looks one up. */
export function rootPerAlgorithm(label: string, deps: PkiDeps): (alg: KeyAlgorithm) => NewRootCa {
	const roots = new Map<KeyAlgorithm, NewRootCa>();
	beforeAll(async () => {
		for (const alg of ISSUER_ALGORITHMS)
			roots.set(alg, await createRootCa({ name: `${label} ${alg} Root`, keyAlgorithm: alg, days: 3660 }, deps));
	});
	return (alg) => {
		const root = roots.get(alg);
		if (!root) throw new Error(`No ${alg} root: rootPerAlgorithm's beforeAll has not run`);
		return root;
	};
}
