/** Linting certificates against what a target system enforces; each system's rules are in its profile folder. */
export { runLint } from './run';
export { LINT_TARGETS, lintTarget, kindLintTargets } from './targets';
export { lintFiles, pairedKey } from './inputs';
export { keyMatchesCertificate } from './key-match';
export type {
	LintInput,
	LintReport,
	LintRuleResult,
	LintFinding,
	LintTarget,
	LintTargetInfo,
	SystemLint,
	LintRule,
	LintCert,
	LintKey
} from './types';
