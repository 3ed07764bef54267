import { isKeyAlgorithm, type KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import { expandHosts, isLoopback } from '../pki/lab/hosts';
import { splitList } from '../pki/names';
import { PROFILES, type LabPlan, type Profile } from '../pki/profiles';
import type { BundleOutput } from '../export/bundle';

export const MAX_LAB_NODES = 1000;

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
}

export type LabOutput = BundleOutput['format'];

export const LAB_FILE_FORMAT = 'offline-ca-lab';
/**
 * Version 2 added "output". A PEM lab is still written as version 1, which copies of the app from
 * before it read the same way; a PKCS#12 lab is version 2, so such a copy refuses it ("use a newer
 * copy") instead of silently issuing PEM files.
 */
export const LAB_FILE_VERSION = 2;

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

/** What the worker writes: the definition's format, with the password typed for this issue. */
export function labOutput(lab: LabDefinition, password: string): BundleOutput {
	return lab.output === 'pkcs12' ? { format: 'pkcs12', password } : { format: 'pem' };
}

function checkNodes(nodes: number): void {
	if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_LAB_NODES) {
		throw new PkiError('lab-nodes-invalid', `A lab has from 1 to ${MAX_LAB_NODES} nodes.`, 'nodes');
	}
}

/** Node folders, client folders and whether the whole lab is on this machine. */
export function labPlan(lab: LabDefinition): LabPlan {
	const profile = labProfile(lab.system);
	checkNodes(lab.nodes);
	const nodes = expandHosts(lab.hosts, lab.nodes).map((hosts, k) => ({ index: k + 1, name: `node${k + 1}`, hosts }));
	const users = profile.lab.clientKind ? [...new Set(splitList(lab.users))] : [];
	const clients = users.map((user) => ({
		user,
		folder: profile.lab.clientFolders === 'shared' ? 'client' : `client-${user}`
	}));
	if (!profile.formats.includes(lab.output)) {
		throw new PkiError(
			'choice-invalid',
			`${profile.label} labs are issued as ${profile.formats.join(' or ')}, not ${lab.output}.`,
			'lab-output'
		);
	}
	return { nodes, clients, localhost: nodes.every((n) => n.hosts.every(isLoopback)), output: lab.output };
}

export function serializeLab(lab: LabDefinition): string {
	const { system, nodes, hosts, users, days, keyAlgorithm, output } = lab;
	const version = output === 'pem' ? 1 : LAB_FILE_VERSION;
	return `${JSON.stringify({ format: LAB_FILE_FORMAT, version, system, nodes, hosts, users, days, keyAlgorithm, output }, null, 2)}\n`;
}

const FILE_FIELD = 'lab-file';

function bad(why: string): PkiError {
	return new PkiError(
		'lab-file-invalid',
		`This is not a lab definition this app can open: ${why}. Choose a lab.json saved by the lab form (or the one inside a lab zip).`,
		FILE_FIELD
	);
}

/** Reads a saved lab definition; anything unexpected is refused with what is wrong, never half-loaded. */
export function parseLabFile(text: string): LabDefinition {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw bad('it is not JSON');
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('it is not a JSON object');
	const o = data as Record<string, unknown>;
	if (o.format !== LAB_FILE_FORMAT) throw bad(`its "format" is not "${LAB_FILE_FORMAT}"`);
	if (typeof o.version !== 'number' || o.version > LAB_FILE_VERSION)
		throw bad(
			`it is version ${String(o.version)}, and this app reads version ${LAB_FILE_VERSION}; use a newer copy of the app`
		);
	if (o.version !== 1 && o.version !== LAB_FILE_VERSION) throw bad(`version ${String(o.version)} is unknown`);
	if (typeof o.system !== 'string' || !labProfiles().some((p) => p.id === o.system)) {
		throw bad(
			`"system" must be one of ${labProfiles()
				.map((p) => p.id)
				.join(', ')}`
		);
	}
	if (typeof o.nodes !== 'number' || !Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > MAX_LAB_NODES)
		throw bad(`"nodes" must be a whole number from 1 to ${MAX_LAB_NODES}`);
	if (typeof o.hosts !== 'string' || o.hosts.trim() === '') throw bad('"hosts" must be non-empty text');
	if (typeof o.users !== 'string') throw bad('"users" must be text');
	if (typeof o.days !== 'number' || !Number.isInteger(o.days) || o.days < 1)
		throw bad('"days" must be a whole number of days, at least 1');
	if (typeof o.keyAlgorithm !== 'string' || !isKeyAlgorithm(o.keyAlgorithm))
		throw bad('"keyAlgorithm" is not one this app makes');
	// Absent in files saved before the lab offered PKCS#12: those were PEM.
	const output = o.output ?? 'pem';
	const outputs = labOutputs(o.system);
	if (typeof output !== 'string' || !outputs.includes(output as LabOutput))
		throw bad(`"output" must be ${outputs.map((f) => `"${f}"`).join(' or ')} for ${o.system}`);
	const lab: LabDefinition = {
		system: o.system,
		nodes: o.nodes,
		hosts: o.hosts,
		users: o.users,
		days: o.days,
		keyAlgorithm: o.keyAlgorithm,
		output: output as LabOutput
	};
	try {
		labPlan(lab);
	} catch (error) {
		if (error instanceof PkiError) throw bad(`its hosts do not fit its nodes (${error.message})`);
		throw error;
	}
	return lab;
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
