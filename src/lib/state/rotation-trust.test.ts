import { describe, expect, test } from 'vitest';
import type { CaRecord } from '../vault/schema';
import { rootOf, rotationTrust } from './rotation-trust';

const der = (n: number) => new Uint8Array([n]);
function ca(id: string, extra: Partial<CaRecord> = {}): CaRecord {
	const at = new Date('2026-03-01T00:00:00Z');
	return {
		id,
		name: id,
		keyAlgorithm: 'P-256',
		certificateDer: der(id.length),
		notBefore: at,
		notAfter: at,
		createdAt: at,
		sealedKey: {} as CaRecord['sealedKey'],
		...extra
	};
}

describe('rotationTrust', () => {
	const old = ca('old');
	const fresh = ca('fresh', { supersedes: 'old', crossSignedDer: der(99) });
	const sub = ca('sub-of-fresh', { parentId: 'fresh', chainDer: [fresh.certificateDer] });

	test('a root with no rotation adds nothing', () => {
		expect(rotationTrust(old, [old, fresh])).toEqual({});
	});

	test('while the old root is not retired, the new root and CAs under it also trust it and send the cross-signed root', () => {
		expect(rotationTrust(fresh, [old, fresh, sub])).toEqual({
			alsoTrustedDer: [old.certificateDer],
			crossSignedDer: der(99)
		});
		expect(rootOf(sub, [old, fresh, sub]).id).toBe('fresh');
		expect(rotationTrust(sub, [old, fresh, sub])).toEqual({
			alsoTrustedDer: [old.certificateDer],
			crossSignedDer: der(99)
		});
	});

	test('once the old root is retired, bundles carry the new root alone', () => {
		const retired = { ...old, retiredAt: new Date('2026-04-01T00:00:00Z') };
		expect(rotationTrust(fresh, [retired, fresh, sub])).toEqual({});
	});

	test('CockroachDB style (no cross-signature) only adds the old root to the CA file', () => {
		const plain = ca('plain', { supersedes: 'old' });
		expect(rotationTrust(plain, [old, plain])).toEqual({ alsoTrustedDer: [old.certificateDer] });
	});
});
