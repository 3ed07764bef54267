import { PkiError } from '../errors';
import { checkAttributeValue, quoteName } from '../name-policy';
import type { SubjectAltName } from '../names';
import type { Rdn } from '../profiles';
import { x509 } from '../x509';

/**
 * What a CSR may ask for, beyond its key and signature (describe.ts, key-policy.ts). A CSR comes
 * from someone else's machine: its subject is checked as strictly as a name typed into our forms
 * (pki/name-policy.ts), and a few requests that no private CA should grant are refused with the
 * reason and what to ask for instead. Every refusal belongs next to the CSR input ('csr') or the
 * edited SAN list ('sans').
 */

const CSR_FIELD = 'csr';
const ASK_AGAIN = 'Ask for a new CSR without it.';

/**
 * Each attribute of the CSR's subject: no control, format or bidi character (a NUL in a CN ends it
 * early for C-string readers; a U+202E makes it read backwards), and within RFC 5280 Appendix A's
 * upper bounds (ub-common-name 64 …). Attributes without a bound here are still checked for hidden
 * characters.
 */
export function checkCsrSubjectText(subject: x509.Name): void {
	for (const rdn of subject.toJSON()) {
		for (const [type, values] of Object.entries(rdn)) {
			for (const value of values) {
				try {
					checkAttributeValue(type, value, CSR_FIELD);
				} catch (error) {
					if (error instanceof PkiError)
						throw new PkiError(error.code, `The CSR's subject: ${error.message} ${ASK_AGAIN}`, CSR_FIELD);
					throw error;
				}
			}
		}
	}
}

/**
 * Public suffixes under which a wildcard would cover names of many unrelated owners. Not the whole
 * Public Suffix List (publicsuffix.org/list/public_suffix_list.dat, about 10,000 rules and 230 KB,
 * updated every few days): an offline app's copy would always be stale, and a private CA signs
 * names in its own domains. Instead: every `*.<one label>` is refused (a whole TLD, `*.com`,
 * `*.internal`), and these multi-label suffixes from the list's ICANN section, the second-level
 * registries of the most used country-code TLDs, are refused as well. The CA/Browser Forum Baseline
 * Requirements §3.2.2.6 set the same rule for public CAs: no wildcard directly under a
 * registry-controlled or public suffix.
 */
export const MULTI_LABEL_PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
	'ac.uk',
	'co.uk',
	'gov.uk',
	'ltd.uk',
	'me.uk',
	'net.uk',
	'org.uk',
	'plc.uk',
	'com.au',
	'net.au',
	'org.au',
	'edu.au',
	'gov.au',
	'co.nz',
	'net.nz',
	'org.nz',
	'co.jp',
	'ne.jp',
	'or.jp',
	'ac.jp',
	'go.jp',
	'com.br',
	'net.br',
	'org.br',
	'com.cn',
	'net.cn',
	'org.cn',
	'gov.cn',
	'co.in',
	'net.in',
	'org.in',
	'co.za',
	'org.za',
	'com.mx',
	'com.tr',
	'com.tw',
	'co.kr',
	'or.kr',
	'com.sg',
	'com.hk',
	'com.ar',
	'co.il',
	'com.my',
	'co.id',
	'com.ua'
]);

/** Why a wildcard DNS name is refused, or null when it is fine (or not a wildcard). */
export function wildcardRefusal(name: string): string | null {
	const lower = name.toLowerCase().replace(/\.$/, '');
	if (!lower.startsWith('*.')) return null;
	const base = lower.slice(2);
	if (!base.includes('.'))
		return `the wildcard ${quoteName(lower)} covers every name in the top-level domain "${base}"`;
	if (MULTI_LABEL_PUBLIC_SUFFIXES.has(base))
		return `the wildcard ${quoteName(lower)} covers every name registered under the public suffix "${base}"`;
	return null;
}

/** The CSR's CN and the (edited) DNS SANs: no wildcard over a TLD or a public suffix. */
export function checkWildcards(subject: readonly Rdn[], sans: readonly SubjectAltName[]): void {
	for (const { attr, value } of subject) {
		const why = attr === 'CN' ? wildcardRefusal(value) : null;
		if (why)
			throw new PkiError(
				'csr-subject-refused',
				`The CSR's common name is refused: ${why}. Ask for a CSR whose name is under a domain you control, such as *.lab.example.com.`,
				CSR_FIELD
			);
	}
	for (const san of sans) {
		const why = san.type === 'dns' ? wildcardRefusal(san.value) : null;
		if (why)
			throw new PkiError(
				'csr-subject-refused',
				`${why[0]?.toUpperCase()}${why.slice(1)}. Remove it from the list, or write a wildcard under a domain you control, such as *.lab.example.com.`,
				'sans'
			);
	}
}

/** RFC 5280 §7.1 compares names case-insensitively after collapsing spaces; this is that comparison for our texts. */
const canonical = (name: x509.Name) =>
	name
		.toJSON()
		.map((rdn) =>
			Object.entries(rdn)
				.map(([type, values]) => `${type}=${values.map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase()).join('+')}`)
				.join('+')
		)
		.join(',');

/**
 * A CSR whose subject is the subject of a CA in this vault (the issuer itself, its parents, any
 * other CA kept here) is refused: a certificate with a CA's name but another key makes chain
 * building pick the wrong issuer (RFC 5280 §6.1 matches issuer to subject by name), and as a CA it
 * would pose as that CA.
 */
export function checkNotAVaultCa(subject: x509.Name, caCertificates: readonly Uint8Array<ArrayBuffer>[]): void {
	const wanted = canonical(subject);
	if (wanted === '') return;
	for (const der of caCertificates) {
		const ca = new x509.X509Certificate(der);
		if (canonical(ca.subjectName) === wanted) {
			throw new PkiError(
				'csr-subject-refused',
				`The CSR asks for the name "${ca.subject}", which is the name of a CA in this vault: a certificate with a ` +
					"CA's name but another key would be taken for that CA when chains are built. Ask for a CSR with a name of its own.",
				CSR_FIELD
			);
		}
	}
}

/** A profile kind's own refusal of a CSR subject (profiles/*: refuseCsrSubject), as a PkiError next to the CSR. */
export function checkKindAllows(reason: string | undefined): void {
	if (reason) throw new PkiError('csr-subject-refused', reason, CSR_FIELD);
}
