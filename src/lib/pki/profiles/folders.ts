import { PROFILES } from './index';
import type { Profile } from './profile';

/**
 * Pairs each profile with one file of its folder, found by Vite's import.meta.glob (which Vitest runs
 * too), in the registry's order. Checked once at import, as defineProfile checks the data: a profile
 * without the file, or a folder with it but no line in index.ts, fails every test instead of leaving a
 * system half-registered. `modules` is keyed by path ('./etcd/writer.ts'); the folder is the profile id.
 */
export function perProfile<T>(modules: Readonly<Record<string, T>>, file: string): { profile: Profile; module: T }[] {
	const byFolder = new Map(Object.entries(modules).map(([path, module]) => [path.split('/').at(-2) ?? path, module]));
	for (const folder of byFolder.keys())
		if (!PROFILES.some((p) => p.id === folder))
			throw new Error(`profiles/${folder}/${file} belongs to no profile of profiles/index.ts`);
	return PROFILES.map((profile) => {
		const module = byFolder.get(profile.id);
		if (module === undefined) throw new Error(`Profile ${profile.id} has no profiles/${profile.id}/${file}`);
		return { profile, module };
	});
}
