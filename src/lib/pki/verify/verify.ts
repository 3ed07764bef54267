import type { PkiDeps } from '../deps';
import { describeCertificate } from '../parse/describe-cert';
import { buildPaths, isSelfIssued, makePool } from './build-path';
import { caSteps, signatureSteps, strictSteps, validitySteps } from './checks-chain';
import { hostSteps, purposeSteps } from './checks-usage';
import { quote } from './format';
import { nameConstraintSteps } from './name-constraints';
import { revocationSteps } from './revocation';
import type { PathCert, VerifyRequest, VerifyResult, VerifyStep } from './types';

/**
 * Certification path validation (RFC 5280 §6.1, simplified to what TLS users meet: no policy
 * processing) plus the TLS checks around it: purpose (EKU), host name (RFC 6125) and CRLs. Every
 * candidate path is judged completely; the first that passes wins, else the one with the fewest
 * failures is reported, so the reasons describe the path a user would recognise.
 */
export async function verifyChain(request: VerifyRequest, deps: PkiDeps): Promise<VerifyResult> {
	const at = request.at ?? deps.now();
	const pool = makePool(request.leaf, request.intermediates ?? [], request.roots, request.allowPartialChain ?? false);
	const paths = buildPaths(pool);

	let best: { path: PathCert[]; steps: VerifyStep[]; failures: number } | undefined;
	for (const path of paths.complete) {
		const steps = await judge(path, request, at, deps.crypto);
		const failures = steps.filter((s) => !s.ok).length;
		if (!best || failures < best.failures) best = { path, steps, failures };
		if (failures === 0) break;
	}
	if (!best) {
		const path = paths.longestIncomplete;
		const steps = [untrusted(path), ...(await judge(path, request, at, deps.crypto))];
		best = { path, steps, failures: steps.filter((s) => !s.ok).length };
	}
	const firstFailure = best.steps.find((s) => !s.ok);
	return {
		ok: !firstFailure,
		chain: await Promise.all(best.path.map((p) => describeCertificate(p.cert, at, deps.crypto))),
		names: best.path.map((p) => p.name),
		steps: best.steps,
		...(firstFailure?.code ? { error: { code: firstFailure.code, message: firstFailure.reason } } : {})
	};
}

async function judge(path: PathCert[], r: VerifyRequest, at: Date, crypto: Crypto): Promise<VerifyStep[]> {
	const anchor = path[path.length - 1]!;
	const chainStep: VerifyStep = anchor.trusted
		? {
				check: 'trust',
				ok: true,
				certIndex: path.length - 1,
				reason: `the chain ${path.map((p) => quote(p.name)).join(' → ')} ends at the trusted ${quote(anchor.name)}`
			}
		: { check: 'chain', ok: true, reason: `partial chain ${path.map((p) => quote(p.name)).join(' → ')}` };
	const revocation = r.revocation ?? (r.crls?.length ? 'leaf' : 'none');
	return [
		...(anchor.trusted ? [chainStep] : []),
		...(await signatureSteps(path, crypto)),
		...validitySteps(path, at),
		...caSteps(path),
		...purposeSteps(path, r.purpose ?? 'any'),
		...hostSteps(path, r.host),
		...nameConstraintSteps(path),
		...(revocation === 'none' ? [] : await revocationSteps(path, r.crls ?? [], revocation, at, crypto)),
		...(r.strict ? strictSteps(path) : [])
	];
}

/** Why no path reached a trust anchor: the top is self-signed but not trusted, or its issuer is missing. */
function untrusted(path: PathCert[]): VerifyStep {
	const top = path[path.length - 1]!;
	const i = path.length - 1;
	if (isSelfIssued(top.cert)) {
		return {
			check: 'trust',
			ok: false,
			certIndex: i,
			code: 'untrusted-root',
			reason: `${quote(top.name)} is a root that is not trusted: it is not among the trusted CA certificates. Add it to the trusted CAs if you mean to trust it.`
		};
	}
	return {
		check: 'chain',
		ok: false,
		certIndex: i,
		code: 'issuer-not-found',
		reason:
			`the issuer of ${quote(top.name)} (${top.cert.issuer}) is neither a trusted CA nor among ` +
			'the intermediates given; add the CA certificate that signed it'
	};
}
