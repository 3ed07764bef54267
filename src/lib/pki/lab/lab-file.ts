import { isKeyAlgorithm } from '../algorithms';
import { PkiError } from '../errors';
import {
	labOutputs,
	labPlan,
	labProfiles,
	MAX_LAB_NODES,
	USERS_FIELD,
	type LabDefinition,
	type LabOutput
} from './definition';

/** lab.json: a lab definition as saved from the form and put in every lab zip, to issue the same lab again. */

export const LAB_FILE_FORMAT = 'offline-ca-lab';
/**
 * Version 2 added "output", version 3 "pkcs12Compatibility". Each file is written with the lowest
 * version that holds it: a PEM lab as 1, a modern PKCS#12 lab as 2, a legacy PKCS#12 lab as 3, so a
 * copy of the app from before a field refuses the file ("use a newer copy") instead of silently
 * issuing PEM files, or modern keystores where legacy ones were chosen.
 */
export const LAB_FILE_VERSION = 3;

export function serializeLab(lab: LabDefinition): string {
	const { system, nodes, hosts, users, days, keyAlgorithm, output } = lab;
	const legacy = output === 'pkcs12' && lab.pkcs12Compatibility === 'legacy';
	const version = output === 'pem' ? 1 : legacy ? 3 : 2;
	const fields = { format: LAB_FILE_FORMAT, version, system, nodes, hosts, users, days, keyAlgorithm, output };
	return `${JSON.stringify(legacy ? { ...fields, pkcs12Compatibility: 'legacy' } : fields, null, 2)}\n`;
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
	if (o.version !== 1 && o.version !== 2 && o.version !== 3) throw bad(`version ${String(o.version)} is unknown`);
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
	// Absent in files saved before the choice was offered, and in modern ones: those are modern.
	const compatibility = o.pkcs12Compatibility ?? 'modern';
	if (compatibility !== 'modern' && compatibility !== 'legacy')
		throw bad('"pkcs12Compatibility" must be "modern" or "legacy"');
	if (compatibility === 'legacy' && output !== 'pkcs12')
		throw bad('"pkcs12Compatibility" is "legacy" but its "output" is not "pkcs12"');
	const lab: LabDefinition = {
		system: o.system,
		nodes: o.nodes,
		hosts: o.hosts,
		users: o.users,
		days: o.days,
		keyAlgorithm: o.keyAlgorithm,
		output: output as LabOutput,
		...(compatibility === 'legacy' ? { pkcs12Compatibility: compatibility } : {})
	};
	try {
		labPlan(lab);
	} catch (error) {
		if (error instanceof PkiError && error.field === USERS_FIELD)
			throw bad(`its "users" are refused (${error.message})`);
		if (error instanceof PkiError) throw bad(`its hosts do not fit its nodes (${error.message})`);
		throw error;
	}
	return lab;
}
