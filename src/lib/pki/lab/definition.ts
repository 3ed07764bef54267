import type { KeyAlgorithm } from '../algorithms';
import { PkiError } from '../errors';
import type { Pkcs12Compatibility } from '../pbe/pkcs12-compatibility';
import { checkName, hiddenCharacter, quoteName } from '../name-policy';
import { parseHost, splitList } from '../names';
import { PROFILES, type BundleSummary, type LabPlan, type Profile } from '../profiles';
import { expandHosts, HOSTS_FIELD, isLoopback } from './hosts';

export const MAX_LAB_NODES = 1000;
/** The lab form's users field: its PkiErrors land next to it. */
export const USERS_FIELD = 'lab-users';

/** Everything needed to issue the same lab again: saved as lab.json, in the zip and on request. */
export interface LabDefinition {
	system: string;
	nodes: number;
	/** As typed: one pattern line for all nodes, or one line per node (pki/lab/hosts.ts). */
	hosts: string;
	users: string;
	days: number;
	keyAlgorithm: KeyAlgorithm;
	/**
	 * PEM files, or PKCS#12 keystores where the system reads them (Elasticsearch). The keystore
	 * password is typed on each issue and never saved with the definition.
	 */
	output: LabOutput;
	/**
	 * How a PKCS#12 lab's keystores are encrypted (../pbe/pkcs12-compatibility.ts): present only
	 * when the form chose it; absent means 'modern', as labs were before the choice was offered.
	 */
	pkcs12Compatibility?: Pkcs12Compatibility;
}

export type LabOutput = BundleSummary['format'];

/** What the worker writes a lab as (export/bundle.ts BundleOutput): the keystore password is typed per issue. */
export type LabBundleOutput =
	{ format: 'pem' } | { format: 'pkcs12'; password: string; compatibility?: Pkcs12Compatibility };

/** The systems the lab form offers: every profile that describes a lab. */
export function labProfiles(): Profile[] {
	return PROFILES.filter((p) => p.lab !== undefined);
}

function labProfile(system: string): Profile & { lab: NonNullable<Profile['lab']> } {
	const profile = labProfiles().find((p) => p.id === system);
	if (!profile?.lab)
		throw new PkiError('choice-invalid', `"${system}" is not a system the lab can build.`, 'lab-system');
	return profile as Profile & { lab: NonNullable<Profile['lab']> };
}

/** A new lab of a system, with defaults that run on this machine with no typing. */
export function defaultLab(system: string, days: number): LabDefinition {
	const profile = labProfile(system);
	return {
		system,
		nodes: 3,
		hosts: 'localhost, 127.0.0.1',
		users: profile.lab.defaultUsers,
		days: Math.min(days, profile.defaults.leafDays),
		keyAlgorithm: 'P-256',
		output: 'pem'
	};
}

/** The output formats a lab of this system may use: its profile's (PEM everywhere, PKCS#12 for Elasticsearch). */
export function labOutputs(system: string): readonly LabOutput[] {
	return labProfile(system).formats;
}

/** What the worker writes: the definition's format and encryption, with the password typed for this issue. */
export function labOutput(lab: LabDefinition, password: string): LabBundleOutput {
	if (lab.output !== 'pkcs12') return { format: 'pem' };
	const compatibility = lab.pkcs12Compatibility;
	return compatibility ? { format: 'pkcs12', password, compatibility } : { format: 'pkcs12', password };
}

function checkNodes(nodes: number): void {
	if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_LAB_NODES) {
		throw new PkiError('lab-nodes-invalid', `A lab has from 1 to ${MAX_LAB_NODES} nodes.`, 'nodes');
	}
}

/** Runs a check; its refusal is named by the folder it concerns, as the worker names one while issuing (node256: …). */
function inFolder(folder: string, check: () => void): void {
	try {
		check();
	} catch (error) {
		if (!(error instanceof PkiError)) throw error;
		const shown = hiddenCharacter(folder) === undefined ? folder : quoteName(folder);
		throw new PkiError(error.code, `${shown}: ${error.message}`, error.field);
	}
}

/** Node folders, client folders and whether the whole lab is on this machine. */
export function labPlan(lab: LabDefinition): LabPlan {
	const profile = labProfile(lab.system);
	checkNodes(lab.nodes);
	const nodes = expandHosts(lab.hosts, lab.nodes).map((hosts, k) => ({ index: k + 1, name: `node${k + 1}`, hosts }));
	// Hosts and users reach folder names, configs and start scripts: each is checked here, before any
	// writer sees it, by the SAN rule and by the system's rule for a user (pki/name-policy.ts).
	for (const node of nodes) inFolder(node.name, () => node.hosts.forEach((host) => parseHost(host, HOSTS_FIELD)));
	const users = profile.lab.clientKind ? [...new Set(splitList(lab.users))] : [];
	const clients = users.map((user) => {
		const folder = profile.lab?.clientFolders === 'shared' ? 'client' : `client-${user}`;
		inFolder(folder, () => checkName(profile.id, 'user', user, USERS_FIELD));
		return { user, folder };
	});
	if (!profile.formats.includes(lab.output)) {
		throw new PkiError(
			'choice-invalid',
			`${profile.label} labs are issued as ${profile.formats.join(' or ')}, not ${lab.output}.`,
			'lab-output'
		);
	}
	return { nodes, clients, localhost: nodes.every((n) => n.hosts.every(isLoopback)), output: lab.output };
}

/**
 * Where a refusal from issuing belongs on the lab form: a node kind's field (hosts, pgHosts, …) is
 * the hosts pattern, a client kind's field is the users list.
 */
export function labErrorField(system: string, field: string | undefined): string | undefined {
	const profile = labProfiles().find((p) => p.id === system);
	if (!profile?.lab || field === undefined) return field;
	const fieldsOf = (kinds: readonly string[]) => kinds.flatMap((k) => profile.kinds[k]?.fields.map((f) => f.id) ?? []);
	if (fieldsOf(profile.lab.nodeKinds).includes(field)) return 'lab-hosts';
	if (profile.lab.clientKind && fieldsOf([profile.lab.clientKind]).includes(field)) return 'lab-users';
	return field;
}

/** What the form shows before issuing: the first nodes' hosts, or why the pattern does not fit. */
export function labPreview(lab: LabDefinition, shown = 5): { plan: LabPlan | null; error: string | null } {
	try {
		const plan = labPlan(lab);
		return { plan: { ...plan, nodes: plan.nodes.slice(0, shown) }, error: null };
	} catch (error) {
		if (error instanceof PkiError) return { plan: null, error: error.message };
		throw error;
	}
}
