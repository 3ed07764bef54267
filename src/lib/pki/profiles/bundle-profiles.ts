import { perProfile } from './folders';
import { withWriter, type BundleProfile, type ProfileWriter } from './profile';

/**
 * Every profile with what the worker writes for it (README, snippets, lab files): each folder's
 * writer.ts, found by Vite's glob. Only the worker imports this; the page imports index.ts, whose
 * profiles describe and check the forms. A profile without a writer, or a writer without a profile,
 * fails every test at import (folders.ts), and withWriter checks that each lab has its planner.
 */
export const BUNDLE_PROFILES: readonly BundleProfile[] = perProfile(
	import.meta.glob<ProfileWriter>('./*/writer.ts', { eager: true, import: 'writer' }),
	'writer.ts'
).map(({ profile, module }) => withWriter(profile, module));

export function getBundleProfile(id: string): BundleProfile {
	const profile = BUNDLE_PROFILES.find((p) => p.id === id);
	if (!profile) throw new Error(`Unknown profile ${id}`);
	return profile;
}
