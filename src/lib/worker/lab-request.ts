import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import type { LabFile, LabPlan } from '../pki/profiles';
import { slug } from '../export/slug';
import { labPlan, type LabDefinition } from '../pki/lab/definition';
import { serializeLab } from '../pki/lab/lab-file';
import type { FolderRequest } from './types';

/**
 * The folders to issue and the files beside them, planned in the worker (the issueLab op), which
 * holds the profiles' lab writers. Names are checked by policy in the worker, where a refusal names
 * its folder (node256: …), so a 1,000-node lab is not checked twice.
 */
export function labRequest(
	lab: LabDefinition,
	caName: string
): { folders: FolderRequest[]; zipName: string; plan: LabPlan } {
	// labPlan refuses a system without a lab, so the profile has one (and its writer, withWriter checks).
	const plan = labPlan(lab);
	const profile = getBundleProfile(lab.system);
	const spec = profile.lab;
	if (!spec) throw new Error(`Profile ${profile.id} has no lab`);
	const base = { profileId: profile.id, days: lab.days, keyAlgorithm: lab.keyAlgorithm };
	const own = spec.nodeFolder !== 'kind';
	const folders: FolderRequest[] = plan.nodes.map((node) => ({
		folder: own ? node.name : '',
		leaves: spec.nodeKinds.map((kindId) => ({ ...base, kindId, input: spec.nodeInput(node, plan) }))
	}));
	const { clientKind, clientInput } = spec;
	plan.clients.forEach(({ user, folder }, index) => {
		if (!clientKind || !clientInput) return;
		const leaf = { ...base, kindId: clientKind, input: clientInput(user), index };
		const existing = folders.find((f) => f.folder === folder);
		if (existing) existing.leaves.push(leaf);
		else folders.push({ folder, leaves: [leaf] });
	});
	const files: LabFile[] = [...spec.files(plan), { path: 'lab.json', text: serializeLab(lab) }];
	folders.push({ folder: '', leaves: [], files });
	return { folders, zipName: `${profile.id}-lab-${lab.nodes}-nodes-${slug(caName)}.zip`, plan };
}
