import type { LintInput, LintReport, LintRuleResult, LintTarget } from './types';

/** Runs every rule of the target; a rule that throws is a defect and is not hidden. */
export async function runLint(target: LintTarget, input: LintInput): Promise<LintReport> {
	const results: LintRuleResult[] = [];
	for (const rule of target.rules) {
		const findings = await rule.check(input);
		results.push({
			id: rule.id,
			title: rule.title,
			source: rule.source,
			severity: rule.severity,
			status: findings === null ? 'not-applicable' : findings.length ? 'fail' : 'pass',
			findings: findings ?? []
		});
	}
	const failing = results.filter((r) => r.status === 'fail');
	return {
		target: target.id,
		label: target.label,
		results,
		errors: failing.filter((r) => r.severity === 'error').length,
		warnings: failing.filter((r) => r.severity === 'warning').length
	};
}
