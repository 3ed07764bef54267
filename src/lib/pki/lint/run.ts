import { cockroachdbLint } from '../profiles/cockroachdb.lint';
import { consulAgentLint, consulConnectLint } from '../profiles/consul.lint';
import { elasticsearchHttpLint, elasticsearchTransportLint } from '../profiles/elasticsearch.lint';
import { tlsClientLint, tlsServerLint } from '../profiles/tls.lint';
import type { LintInput, LintReport, LintRuleResult, LintTarget } from './types';

/** Every target a user can lint against; each target's rules live beside its profile. */
export const LINT_TARGETS: readonly LintTarget[] = [
	cockroachdbLint,
	elasticsearchTransportLint,
	elasticsearchHttpLint,
	consulAgentLint,
	consulConnectLint,
	tlsServerLint,
	tlsClientLint
];

export function lintTarget(id: string): LintTarget {
	const t = LINT_TARGETS.find((x) => x.id === id);
	if (!t) throw new Error(`Unknown lint target ${id}`);
	return t;
}

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
