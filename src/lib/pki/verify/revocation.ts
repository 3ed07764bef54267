import { crlNumber } from '../parse/extensions';
import { reasonWords } from '../parse/describe-csr-crl';
import { x509 } from '../x509';
import { quote, relative, when } from './format';
import type { PathCert, VerifyStep } from './types';

/**
 * CRL checking (RFC 5280 §6.3, simplified: complete CRLs only, no delta CRLs or distribution-point
 * scopes). For each checked certificate a CRL from its issuer is required (openssl -crl_check says
 * "unable to get certificate CRL" otherwise); it must be signed by the issuer's key, whose keyUsage (if
 * any) allows cRLSign, and be current; then the serial is looked up.
 */
export async function revocationSteps(
	path: PathCert[],
	crls: readonly x509.X509Crl[],
	scope: 'leaf' | 'chain' | 'covered',
	at: Date,
	crypto: Crypto
): Promise<VerifyStep[]> {
	const steps: VerifyStep[] = [];
	const last = scope === 'leaf' ? 1 : path.length - 1;
	for (let i = 0; i < Math.min(last, path.length - 1); i++) {
		const { cert, name } = path[i]!;
		const issuer = path[i + 1]!;
		const fromIssuer = crls.filter((c) => c.issuer.toLowerCase() === cert.issuer.toLowerCase());
		if (scope === 'covered' && fromIssuer.length === 0) continue;
		const signed: x509.X509Crl[] = [];
		for (const crl of fromIssuer) if (await verifies(crl, issuer.cert, crypto)) signed.push(crl);
		if (signed.length === 0) {
			const why = fromIssuer.length
				? `the CRL named ${quote(issuer.name)} as issuer is not signed by its key`
				: `no CRL from ${quote(issuer.name)} was given`;
			steps.push({
				check: 'revocation',
				ok: false,
				certIndex: i,
				code: 'crl-unavailable',
				reason: `cannot tell whether ${quote(name)} is revoked: ${why}`
			});
			continue;
		}
		const crl = signed.sort((a, b) => b.thisUpdate.getTime() - a.thisUpdate.getTime())[0]!;
		const label = `the CRL from ${quote(issuer.name)}${crlNumber(crl) ? ` (number ${parseInt(crlNumber(crl)!, 16)})` : ''}`;
		const ku = issuer.cert.getExtension(x509.KeyUsagesExtension);
		if (ku && !(ku.usages & x509.KeyUsageFlags.cRLSign)) {
			steps.push({
				check: 'revocation',
				ok: false,
				certIndex: i + 1,
				code: 'crl-invalid',
				reason: `${quote(issuer.name)} may not sign CRLs: its key usage lacks cRLSign`
			});
			continue;
		}
		if (crl.thisUpdate > at) {
			steps.push({
				check: 'revocation',
				ok: false,
				certIndex: i,
				code: 'crl-invalid',
				reason: `${label} is not valid yet: it was issued for ${when(crl.thisUpdate)} (${relative(crl.thisUpdate, at)})`
			});
			continue;
		}
		if (crl.nextUpdate && crl.nextUpdate < at) {
			steps.push({
				check: 'revocation',
				ok: false,
				certIndex: i,
				code: 'crl-invalid',
				reason: `${label} is out of date: its next update was due ${when(crl.nextUpdate)} (${relative(crl.nextUpdate, at)}). Publish a new CRL.`
			});
			continue;
		}
		const serial = norm(cert.serialNumber);
		const entry = crl.entries.find((e) => norm(e.serialNumber) === serial);
		steps.push(
			entry
				? {
						check: 'revocation',
						ok: false,
						certIndex: i,
						code: 'revoked',
						reason: `${quote(name)} (serial ${serial}) was revoked by ${quote(issuer.name)} on ${when(entry.revocationDate)} (reason: ${reasonWords(entry.reason)})`
					}
				: { check: 'revocation', ok: true, certIndex: i, reason: `${quote(name)} is not on ${label}` }
		);
	}
	return steps;
}

const norm = (hex: string) => hex.toLowerCase().replace(/^0+(?=.)/, '');

async function verifies(crl: x509.X509Crl, issuer: x509.X509Certificate, crypto: Crypto): Promise<boolean> {
	try {
		return await crl.verify({ publicKey: issuer.publicKey }, crypto);
	} catch {
		return false;
	}
}
