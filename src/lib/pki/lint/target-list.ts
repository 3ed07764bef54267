import { PROFILES } from '../profiles';
import type { LintTargetInfo } from './types';

/** Plain TLS: no system's own, what every server and client certificate must satisfy (rules in tls.ts). */
export const PLAIN_TLS_TARGETS = [
	{ id: 'tls-server', label: 'Plain TLS server' },
	{ id: 'tls-client', label: 'Plain TLS client' }
] as const satisfies readonly LintTargetInfo[];

export type PlainTlsTargetId = (typeof PLAIN_TLS_TARGETS)[number]['id'];

/**
 * The lint targets as plain data for the page's picker: each profile's own (Profile.lintTargets), in
 * the registry's order, then plain TLS. The rules stay in the worker; targets.ts joins them by id.
 */
export const LINT_TARGET_LIST: readonly LintTargetInfo[] = [
	...PROFILES.flatMap((p) => p.lintTargets ?? []),
	...PLAIN_TLS_TARGETS
];
