import { cockroachdb } from './cockroachdb';
import { consul } from './consul';
import { consulConnect } from './consul-connect';
import { elasticsearch } from './elasticsearch';
import { etcd } from './etcd';
import { haproxy } from './haproxy';
import { mosquitto } from './mosquitto';
import { mtls } from './mtls';
import { nginx } from './nginx';
import { nats } from './nats';
import { mariadb } from './mariadb';
import { rabbitmq } from './rabbitmq';
import { postgresql } from './postgresql';
import { redis } from './redis';
import type { Profile } from './profile';

/**
 * Every target system, in the order the forms offer them: the one list a new system is added to. Each
 * is a folder named by its profile id: index.ts (the profile, which the page loads to show and check
 * its forms), writer.ts (README, snippets, lab files) and lint.ts (its lint rules), which only the
 * worker loads; bundle-profiles.ts and lint/targets.ts find those and check that none is missing.
 */
export const PROFILES: readonly Profile[] = [
	cockroachdb,
	elasticsearch,
	etcd,
	postgresql,
	mtls,
	consul,
	consulConnect,
	nginx,
	haproxy,
	redis,
	mosquitto,
	nats,
	mariadb,
	rabbitmq
];

export function getProfile(id: string): Profile {
	const profile = PROFILES.find((p) => p.id === id);
	if (!profile) throw new Error(`Unknown profile ${id}`);
	return profile;
}

export type * from './profile';
export { sanText, subjectOf, hostSans, defineProfile, extendedKeyUsageOf } from './profile';
