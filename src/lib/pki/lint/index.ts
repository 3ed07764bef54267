/** Linting certificates against what a target system enforces (issue 6, capability 3). */
export { LINT_TARGETS, lintTarget, runLint } from './run';
export { lintFiles, pairedKey } from './inputs';
export { keyMatchesCertificate } from './key-match';
export type {
	LintInput,
	LintReport,
	LintRuleResult,
	LintFinding,
	LintTarget,
	LintRule,
	LintCert,
	LintKey
} from './types';
