import { cockroachdb } from './cockroachdb';
import type { Profile } from './profile';

/** Every target system. Adding one means adding its data file here, nothing else. */
export const PROFILES: Record<string, Profile> = { [cockroachdb.id]: cockroachdb };

export function getProfile(id: string): Profile {
	const profile = PROFILES[id];
	if (!profile) throw new Error(`Unknown profile ${id}`);
	return profile;
}

export type { Profile, LeafKind, LeafInput, LeafNames, ExtendedKeyUsage } from './profile';
