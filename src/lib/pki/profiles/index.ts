import { cockroachdb } from './cockroachdb';
import { consul } from './consul';
import { consulConnect } from './consul-connect';
import { elasticsearch } from './elasticsearch';
import { etcd } from './etcd';
import { mtls } from './mtls';
import { postgresql } from './postgresql';
import type { Profile } from './profile';

/**
 * Every target system, as the forms show and check it. Adding one means adding its data file and one
 * line here, and what its bundles hold (README, snippets, lab files) in bundle-profiles.ts.
 */
export const PROFILES: readonly Profile[] = [cockroachdb, elasticsearch, etcd, postgresql, mtls, consul, consulConnect];

export function getProfile(id: string): Profile {
	const profile = PROFILES.find((p) => p.id === id);
	if (!profile) throw new Error(`Unknown profile ${id}`);
	return profile;
}

export type * from './profile';
export { sanText, subjectOf, hostSans, defineProfile, extendedKeyUsageOf } from './profile';
