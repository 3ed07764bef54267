import { describe, expect, test } from 'vitest';
import { createIntermediateCa, createRootCa } from './ca';
import { chainToRoot } from './chain-to-root';
import type { PkiDeps } from './deps';

const deps: PkiDeps = { crypto: globalThis.crypto, now: () => new Date('2026-03-01T12:00:00Z') };

describe('chainToRoot walks up by verified signatures', () => {
	test('orders any pool nearest first, stops at the self-signed root, and says where it got stuck', async () => {
		const root = await createRootCa({ name: 'Walk Root', keyAlgorithm: 'P-256', days: 3650 }, deps);
		const mid = await createIntermediateCa(
			{ certificate: root.certificate, privateKey: root.keys.privateKey },
			{ name: 'Walk Mid', keyAlgorithm: 'P-256', days: 1000 },
			deps
		);
		const low = await createIntermediateCa(
			{ certificate: mid.certificate, privateKey: mid.keys.privateKey },
			{ name: 'Walk Low', keyAlgorithm: 'P-256', days: 500 },
			deps
		);
		const full = await chainToRoot(low.certificate, [root.certificate, mid.certificate], deps.crypto);
		expect(full.complete && full.chain.map((c) => c.subject)).toEqual(['CN=Walk Mid', 'CN=Walk Root']);

		const missing = await chainToRoot(low.certificate, [mid.certificate], deps.crypto);
		expect(missing).toMatchObject({ complete: false, nameMatched: false, tooLong: false });
		expect(!missing.complete && missing.stuckAt.subject).toBe('CN=Walk Mid');

		// A certificate with the right name but another key is not taken as the parent.
		const impostor = await createRootCa({ name: 'Walk Mid', keyAlgorithm: 'P-256', days: 3650 }, deps);
		const forged = await chainToRoot(low.certificate, [impostor.certificate, root.certificate], deps.crypto);
		expect(forged).toMatchObject({ complete: false, nameMatched: true });

		const short = await chainToRoot(low.certificate, [root.certificate, mid.certificate], deps.crypto, 1);
		expect(short).toMatchObject({ complete: false, tooLong: true });
	});
});
