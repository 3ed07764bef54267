import { describe, expect, test } from 'vitest';
import { BUNDLE_PROFILES, getBundleProfile } from './bundle-profiles';
import { perProfile } from './folders';
import { PROFILES } from './index';
import { mtls } from './mtls';
import { withWriter } from './profile';

describe('the worker joins each profile with what it writes', () => {
	test('every profile the forms show has a writer, and every lab its planner', () => {
		expect(BUNDLE_PROFILES.map((p) => p.id)).toEqual(PROFILES.map((p) => p.id));
		for (const profile of BUNDLE_PROFILES) {
			expect(typeof profile.readme).toBe('function');
			expect(profile.kinds).toBe(PROFILES.find((p) => p.id === profile.id)?.kinds);
			if (profile.lab)
				expect(profile.lab).toMatchObject({
					nodeKinds: expect.any(Array),
					nodeInput: expect.any(Function),
					files: expect.any(Function)
				});
		}
		expect(getBundleProfile('etcd').lab?.clientInput?.('alice')).toEqual({ etcdUsers: 'alice' });
		expect(() => getBundleProfile('nope')).toThrow('Unknown profile nope');
	});

	test('a lab without its writer, a writer without a lab, or clients without their input are refused', () => {
		const readme = () => '';
		const lab = { nodeInput: () => ({}), clientInput: () => ({}), files: () => [] };
		expect(() => withWriter(mtls, { readme })).toThrow('Profile mtls is invalid: its lab has no writer');
		expect(() => withWriter({ ...mtls, lab: undefined }, { readme, lab })).toThrow('a lab writer without a lab');
		expect(() => withWriter(mtls, { readme, lab: { ...lab, clientInput: undefined } })).toThrow(
			'clientInput must be given exactly when the lab has a clientKind'
		);
		expect(withWriter(mtls, { readme, lab }).lab).toMatchObject({
			nodeKinds: ['server'],
			clientKind: 'client',
			files: lab.files
		});
	});

	test('each profile folder must hold the file, and every folder that holds it must be a profile of index.ts', () => {
		const all = Object.fromEntries(PROFILES.map((p) => [`./${p.id}/writer.ts`, p.id]));
		expect(perProfile(all, 'writer.ts').map(({ profile, module }) => [profile.id, module])).toEqual(
			PROFILES.map((p) => [p.id, p.id])
		);
		const { './etcd/writer.ts': _, ...withoutEtcd } = all;
		expect(() => perProfile(withoutEtcd, 'writer.ts')).toThrow('Profile etcd has no profiles/etcd/writer.ts');
		expect(() => perProfile({ ...all, './memcached/writer.ts': 'memcached' }, 'writer.ts')).toThrow(
			'profiles/memcached/writer.ts belongs to no profile of profiles/index.ts'
		);
	});
});
