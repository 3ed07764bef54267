import { perProfile } from '../profiles/folders';
import type { Profile } from '../profiles/profile';
import { LINT_TARGET_LIST } from './target-list';
import { PLAIN_TLS_RULES } from './tls';
import type { LintRule, LintTarget, SystemLint } from './types';

/** Each system's lint.ts, joined with its profile (profiles/folders.ts checks every profile has one). */
const SYSTEMS = perProfile(
	import.meta.glob<SystemLint>('../profiles/*/lint.ts', { eager: true, import: 'lint' }),
	'lint.ts'
);

const RULES = new Map<string, readonly LintRule[]>(Object.entries(PLAIN_TLS_RULES));
for (const { profile, module } of SYSTEMS) {
	const problems = checkSystemLint(profile, module);
	if (problems.length > 0) throw new Error(`profiles/${profile.id}/lint.ts is invalid: ${problems.join('; ')}`);
	for (const [id, rules] of Object.entries(module.rules)) RULES.set(id, rules);
}

/** Every target a user can lint against, in the picker's order, with its rules. */
export const LINT_TARGETS: readonly LintTarget[] = LINT_TARGET_LIST.map((t) => {
	const rules = RULES.get(t.id);
	if (!rules) throw new Error(`Lint target ${t.id} has no rules`);
	return { ...t, rules };
});

export function lintTarget(id: string): LintTarget {
	const t = LINT_TARGETS.find((x) => x.id === id);
	if (!t) throw new Error(`Unknown lint target ${id}`);
	return t;
}

/** The lint targets a certificate of this kind must pass (its system's lint.ts says which). */
export function kindLintTargets(profileId: string, kindId: string): readonly string[] {
	const targets = SYSTEMS.find((s) => s.profile.id === profileId)?.module.kinds[kindId];
	if (!targets) throw new Error(`Unknown kind ${kindId} of profile ${profileId}`);
	return targets;
}

/**
 * A system's lint.ts must give rules for exactly the targets its profile lists (and no target another
 * system or plain TLS already has), and name the targets of every kind, each one that exists.
 */
export function checkSystemLint(profile: Profile, lint: SystemLint): string[] {
	const problems: string[] = [];
	const own = Object.keys(lint.rules);
	const declared = (profile.lintTargets ?? []).map((t) => t.id);
	if (!sameSet(own, declared))
		problems.push(`its rules are for ${list(own)}, its profile's lintTargets are ${list(declared)}`);
	for (const id of own)
		if (id in PLAIN_TLS_RULES || SYSTEMS.some((s) => s.profile !== profile && id in s.module.rules))
			problems.push(`target ${id} is defined twice`);
	if (!sameSet(Object.keys(lint.kinds), Object.keys(profile.kinds)))
		problems.push('it must name the lint targets of every kind of its profile, and of no other');
	for (const [kind, targets] of Object.entries(lint.kinds)) {
		if (targets.length === 0) problems.push(`kind ${kind} names no target`);
		for (const target of targets)
			if (!LINT_TARGET_LIST.some((t) => t.id === target)) problems.push(`kind ${kind} names unknown target ${target}`);
	}
	return problems;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((x) => b.includes(x));
}

function list(ids: readonly string[]): string {
	return ids.length > 0 ? ids.join(', ') : 'none';
}
