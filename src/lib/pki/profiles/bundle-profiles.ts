import { cockroachLab } from './cockroachdb-lab';
import { cockroachReadme } from './cockroachdb-readme';
import { connectReadme } from './consul-connect-readme';
import { consulLab } from './consul-lab';
import { consulReadme, consulSnippets } from './consul-snippets';
import { elasticsearchLab } from './elasticsearch-lab';
import { elasticsearchReadme, elasticsearchSnippets } from './elasticsearch-snippets';
import { etcdLab } from './etcd-lab';
import { etcdReadme } from './etcd-readme';
import { PROFILES } from './index';
import { mtlsLab } from './mtls-lab';
import { mtlsReadme } from './mtls-readme';
import { postgresqlLab } from './postgresql-lab';
import { postgresqlReadme } from './postgresql-readme';
import { withWriter, type BundleProfile, type ProfileWriter } from './profile';

/** What the worker writes for each profile of index.ts, by profile id. */
const WRITERS: Readonly<Record<string, ProfileWriter>> = {
	cockroachdb: { readme: cockroachReadme, lab: cockroachLab },
	elasticsearch: { readme: elasticsearchReadme, snippets: elasticsearchSnippets, lab: elasticsearchLab },
	etcd: { readme: etcdReadme, lab: etcdLab },
	postgresql: { readme: postgresqlReadme, lab: postgresqlLab },
	mtls: { readme: mtlsReadme, lab: mtlsLab },
	consul: { readme: consulReadme, snippets: consulSnippets, lab: consulLab },
	'consul-connect': { readme: connectReadme }
};

/**
 * Every profile with what the worker writes for it (README, snippets, lab files). Only the worker
 * imports this; the page imports index.ts, whose profiles describe and check the forms. A profile
 * without a writer, or a writer without a profile, fails every test at import.
 */
export const BUNDLE_PROFILES: readonly BundleProfile[] = PROFILES.map((profile) => {
	const writer = WRITERS[profile.id];
	if (!writer) throw new Error(`Profile ${profile.id} has no writer in bundle-profiles.ts`);
	return withWriter(profile, writer);
});
for (const id of Object.keys(WRITERS))
	if (!PROFILES.some((p) => p.id === id)) throw new Error(`bundle-profiles.ts has a writer for unknown profile ${id}`);

export function getBundleProfile(id: string): BundleProfile {
	const profile = BUNDLE_PROFILES.find((p) => p.id === id);
	if (!profile) throw new Error(`Unknown profile ${id}`);
	return profile;
}
