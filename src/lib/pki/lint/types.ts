import type { Bytes } from '../der/writer';
import type { KeyInfo } from '../parse/key-info';
import type { x509 } from '../x509';

/** A certificate as a target system sees it: a file in a certs-dir (or a bag of a PKCS#12). */
export interface LintCert {
	/** Path as dropped ("certs/node.crt", "bundle.zip › node1/node.crt"). */
	path: string;
	/** The folder it sits in; rules compare files of one folder (one certs-dir). */
	dir: string;
	/** The file name alone ("node.crt"). */
	base: string;
	mode?: number;
	cert: x509.X509Certificate;
	/** basicConstraints cA=TRUE. */
	isCa: boolean;
	/** Subject CN, '' when there is none. */
	cn: string;
	/** PKCS#12 localKeyID, to pair with its key. */
	localKeyId?: string;
}

export interface LintKey {
	path: string;
	dir: string;
	base: string;
	mode?: number;
	/** Who owns the file, when a tar or a pasted listing said (the key-mode rules depend on it). */
	owner?: string;
	/** Unencrypted PKCS#8, whatever the file held. */
	pkcs8: Bytes;
	info: KeyInfo;
	localKeyId?: string;
}

export interface LintInput {
	certs: LintCert[];
	keys: LintKey[];
	/** DNS names and IP addresses the user says clients dial. */
	hosts: string[];
	/** CA certificates the user trusts besides what was dropped (the vault's). */
	trusted: x509.X509Certificate[];
	now: Date;
	crypto: Crypto;
}

/** One broken rule on one file, in words: what is wrong and the one-line fix. */
export interface LintFinding {
	file?: string;
	message: string;
	fix: string;
}

export interface LintRule {
	id: string;
	/** The rule as the system states it. */
	title: string;
	/** Where the system says so: doc section, source file, RFC. */
	source: string;
	severity: 'error' | 'warning';
	/** Findings for the files that break it; null when no dropped file is one the rule looks at. */
	check(input: LintInput): LintFinding[] | null | Promise<LintFinding[] | null>;
}

/** A target as the inspector's picker lists it: the page loads these, never the rules. */
export interface LintTargetInfo {
	id: string;
	label: string;
}

export interface LintTarget extends LintTargetInfo {
	rules: readonly LintRule[];
}

/**
 * What a system's lint.ts (profiles/<system>/lint.ts) exports: the rules of the targets its profile
 * lists (Profile.lintTargets), and the targets each kind's certificates must pass, its own or plain
 * TLS ones. The worker joins them with the profiles in lint/targets.ts.
 */
export interface SystemLint {
	rules: Readonly<Record<string, readonly LintRule[]>>;
	kinds: Readonly<Record<string, readonly string[]>>;
}

export interface LintRuleResult {
	id: string;
	title: string;
	source: string;
	severity: 'error' | 'warning';
	status: 'pass' | 'fail' | 'not-applicable';
	findings: LintFinding[];
}

export interface LintReport {
	target: string;
	label: string;
	results: LintRuleResult[];
	/** Count of failing error rules and warning rules. */
	errors: number;
	warnings: number;
}
