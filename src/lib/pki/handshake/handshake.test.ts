import { describe, expect, test } from 'vitest';
import type { PkiDeps } from '../deps';
import { x509 } from '../x509';
import { explainHandshake } from './explain';
import { FAULTS, type Fault } from './faults';
import { crlPem, throwawayHandshake } from './throwaway';
import type { HandshakeStepId } from './types';

const NOW = new Date('2030-06-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const opts = { host: '10.0.0.5', user: 'marc' };

/** Each fault must break exactly the step a real peer would refuse at, with the verifier's code. */
const EXPECTED: Record<Fault, { step?: HandshakeStepId; code?: string; words?: RegExp }> = {
	none: {},
	expired: { step: 'client-checks-server', code: 'expired', words: /expired/ },
	'not-yet-valid': { step: 'server-checks-client', code: 'not-yet-valid', words: /not valid yet/ },
	'wrong-ca': { step: 'client-checks-server', code: 'issuer-not-found', words: /Some Other CA|issuer/ },
	'missing-san': { step: 'client-checks-server', code: 'host-mismatch', words: /10\.0\.0\.5/ },
	'server-auth-only-client': { step: 'server-checks-client', code: 'purpose', words: /TLS client/ },
	'cn-mismatch': { step: 'server-maps-identity', words: /CN=bob.*"marc"/ },
	revoked: { step: 'server-checks-client', code: 'revoked', words: /revoked/ }
};

describe('break it safely', () => {
	test.each(FAULTS)("%s fails at the expected step, for the verifier's reason", async (fault) => {
		const report = await explainHandshake(await throwawayHandshake(fault, opts, deps), deps);
		const want = EXPECTED[fault];
		expect(report.failedStep).toBe(want.step);
		expect(report.ok).toBe(want.step === undefined);
		if (!want.step) {
			expect(report.steps.every((s) => s.ok)).toBe(true);
			expect(report.client.anchoredAt).toBe('ca.crt');
			expect(report.server.anchoredAt).toBe('ca.crt');
			return;
		}
		const failed = report.steps.find((s) => s.id === want.step)!;
		expect(failed.ok).toBe(false);
		expect(failed.reason).toMatch(want.words!);
		if (want.code) expect(failed.verify?.error?.code).toBe(want.code);
		// The steps before the failing one pass: one fault, one failure point.
		const before = report.steps.slice(0, report.steps.indexOf(failed));
		expect(before.every((s) => s.ok)).toBe(true);
	});

	test('the revoked lab CRL is a real CRL with the PEM label X509 CRL listing the client serial', async () => {
		const input = await throwawayHandshake('revoked', opts, deps);
		const crl = input.server.crls![0]!;
		const pem = crlPem(crl);
		expect(pem).toMatch(/^-----BEGIN X509 CRL-----/);
		const again = new x509.X509Crl(pem);
		expect(again.entries.map((e) => e.serialNumber)).toEqual([input.client.chain[0]!.cert.serialNumber]);
		expect(await again.verify({ publicKey: input.client.trusts[0]!.cert.publicKey }, deps.crypto)).toBe(true);
	});

	test('a client the server does not trust fails at the server, with the issuer in the reason', async () => {
		const good = await throwawayHandshake('none', opts, deps);
		const other = await throwawayHandshake('none', opts, deps);
		const report = await explainHandshake({ ...good, server: { ...good.server, trusts: other.server.trusts } }, deps);
		expect(report.failedStep).toBe('server-checks-client');
		expect(report.steps.find((s) => s.id === 'server-checks-client')?.verify?.error?.code).toMatch(
			/issuer-not-found|signature-invalid/
		);
	});
});
