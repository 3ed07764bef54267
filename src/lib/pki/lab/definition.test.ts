import { describe, expect, test } from 'vitest';
import { defaultLab, labOutput, labOutputs, labPlan, labProfiles } from './definition';

describe('lab definitions', () => {
	test('every system with a lab is offered, and its defaults are a localhost lab of 3 nodes', () => {
		expect(labProfiles().map((p) => p.id)).toEqual(
			expect.arrayContaining(['cockroachdb', 'etcd', 'postgresql', 'mtls'])
		);
		for (const profile of labProfiles()) {
			const plan = labPlan(defaultLab(profile.id, 365));
			expect(plan.localhost).toBe(true);
			expect(plan.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
		}
	});

	test('only systems that read keystores offer PKCS#12, and a plan of another system refuses it', () => {
		expect(labOutputs('elasticsearch')).toEqual(['pem', 'pkcs12']);
		expect(labOutputs('cockroachdb')).toEqual(['pem']);
		expect(() => labPlan({ ...defaultLab('cockroachdb', 30), output: 'pkcs12' })).toThrow(
			expect.objectContaining({ field: 'lab-output' })
		);
		expect(labOutput(defaultLab('etcd', 30), 'ignored')).toEqual({ format: 'pem' });
	});
});
