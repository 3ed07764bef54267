import { PkiError } from '../errors';
import type { LintTargetInfo } from '../lint/types';
import { parseHosts, type SubjectAltName } from '../names';

/** Extended key usages the profiles use (RFC 5280 §4.2.1.12). */
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

/** Name attributes a profile may put in a subject (RFC 5280 Appendix A.1). */
export type NameAttribute = 'CN' | 'O' | 'OU' | 'L' | 'ST' | 'C';

/** One relative distinguished name; a subject lists them most general first. */
export interface Rdn {
	attr: NameAttribute;
	value: string;
}

/**
 * One input a certificate kind reads. The form is generated from these, so a new target system
 * needs no new UI code; the id is also the field a PkiError names, so its message lands next to it.
 */
export interface FieldSpec {
	id: string;
	label: string;
	hint?: string;
	default: string;
	multiline?: boolean;
	/** A closed set of values, shown as a select; the form can then offer nothing else. */
	choices?: readonly { value: string; label: string }[];
}

/** What a user typed, by field id. */
export type LeafInput = Readonly<Record<string, string | undefined>>;

/** Where a leaf's files go inside its folder of the bundle. */
export interface LeafFiles {
	cert: string;
	key: string;
	/** For profiles with a PKCS#12 output: the keystore that replaces cert + key. */
	p12?: string;
	/** The key entry's alias in the keystore; the common name when absent. */
	p12Alias?: string;
	/** PEM only: the key follows the certificate chain in `cert` (HAProxy's `crt`), which is then 0600, and no `key` file is written. */
	keyInCert?: boolean;
}

/** The names a certificate kind derives from the input, already validated. */
export interface LeafNames {
	subject: readonly Rdn[];
	sans: SubjectAltName[];
	files: LeafFiles;
}

/** What a kind may know besides the input: its position, and facts of the issuing CA. */
export interface NamesContext {
	index: number;
	/** The issuing CA's SPIFFE trust domain (Consul Connect), when it has one. */
	trustDomain?: string;
}

export interface LeafKind {
	id: string;
	/** The checkbox that chooses this kind, e.g. "Issue node.crt / node.key". */
	label: string;
	/** One line for the UI: what this certificate is for. */
	purpose: string;
	/** Ticked when the form opens. */
	selected: boolean;
	fields: readonly FieldSpec[];
	/** A list field: one certificate per entry (CockroachDB's client.<user> per SQL user). */
	repeatOver?: string;
	/** Which of the profile's CAs signs it; 'ca' unless the profile splits its CAs. */
	issuerRole?: string;
	/** Empty means the extension is absent (allowed by Elasticsearch transport). */
	extendedKeyUsage: readonly ExtendedKeyUsage[];
	/**
	 * When the user picks the EKU: the choice field of this kind and the EKU list of each of its
	 * values. Only these lists can be issued, so a profile states its rule by what it lists here
	 * (Elasticsearch transport: none, or both). extendedKeyUsage is then the default choice's list.
	 */
	extendedKeyUsageChoice?: { field: string; options: Readonly<Record<string, readonly ExtendedKeyUsage[]>> };
	/** Fields of other kinds this kind also reads (e.g. the node name), kept editable when it is chosen. */
	uses?: readonly string[];
	/** Turns the user's input into validated names; throws PkiError naming the field at fault. */
	names(input: LeafInput, context: NamesContext): LeafNames;
	/**
	 * A CSR signed as this kind keeps the CSR's subject: the reason (with what to ask for instead)
	 * when this kind must not carry it, else undefined. Absent: any subject the name policy accepts.
	 */
	refuseCsrSubject?(subject: readonly Rdn[]): string | undefined;
}

/** Everything a README or a config snippet may say about a finished bundle. */
export interface BundleSummary {
	caName: string;
	/** Folder → the leaves in it (kind id, files, names as text). */
	folders: { folder: string; leaves: { kindId: string; files: LeafFiles; commonName: string; sans: string[] }[] }[];
	format: 'pem' | 'pkcs12';
	/** Issuer roles with a CA of their own in this bundle (e.g. CockroachDB's split client CA). */
	roles: string[];
}

export interface Profile {
	id: string;
	label: string;
	/** Vendor document the profile follows. */
	source: string;
	defaults: { caDays: number; leafDays: number };
	/**
	 * The CA certificate file for each issuer role. 'ca' is required; other roles are optional CAs
	 * (CockroachDB's ca-client.crt) and fall back to 'ca' when the user picks none.
	 */
	caFiles: Readonly<Record<string, string>> & { ca: string };
	/** How the form names each extra issuer role. */
	caRoleLabels?: Readonly<Record<string, string>>;
	/** CockroachDB wants ca.crt inside every certs-dir; Elasticsearch and Consul ship it once at the top. */
	caPlacement: 'each-folder' | 'top';
	/** Output formats: PEM files, or PKCS#12 keystores where the consumer reads those. */
	formats: readonly ('pem' | 'pkcs12')[];
	/** Inputs every kind reads (Consul's datacenter and domain), shown once above the kinds. */
	fields?: readonly FieldSpec[];
	kinds: Readonly<Record<string, LeafKind>>;
	/** The zip the single-certificate form offers; "<id>-certs-<ca>.zip" when absent. */
	zipName?: string;
	/** How the quick-lab form builds a whole cluster of this system; absent: no lab. */
	lab?: LabSpec;
	/**
	 * The inspector's lint targets that are this system's own (their rules are in the folder's
	 * lint.ts, which only the worker loads); absent when plain TLS rules are all it enforces.
	 */
	lintTargets?: readonly LintTargetInfo[];
}

/**
 * What the worker writes for a profile besides certificates: a profile folder's writer.ts. Kept apart
 * from Profile (the folder's index.ts), which the page loads to show and check its forms: the README
 * texts, snippets and lab planners are most of a profile's code and only the worker runs them
 * (bundle-profiles.ts joins the two).
 */
export interface ProfileWriter {
	/** README.txt at the top of every bundle. */
	readme(summary: BundleSummary): string;
	/** Configuration snippets (path → text) for the consumer, per bundle; a start script is executable. */
	snippets?(summary: BundleSummary): LabFile[];
	/** Present exactly when the profile has a lab. */
	lab?: LabWriter;
}

/** A profile as the worker issues its bundles: the description and what it writes. */
export type BundleProfile = Profile & ProfileWriter & { lab?: LabSpec & LabWriter };

/** One node of a lab, once its hosts pattern is expanded. */
export interface LabNode {
	/** 1-based, as in node1. */
	index: number;
	/** Its folder in the zip and its name in configuration (etcd --name, node.name). */
	name: string;
	hosts: readonly string[];
}

/** A lab, ready to be laid out: what the profile's lab builder may use. */
export interface LabPlan {
	nodes: readonly LabNode[];
	/** Client users and the folder each one's files are in. */
	clients: readonly { user: string; folder: string }[];
	/** Every host is loopback: the nodes share one machine, so each gets its own ports and a start script runs them. */
	localhost: boolean;
	/** The bundle's format: the snippets name PEM files, or keystores (one of the profile's formats). */
	output: BundleSummary['format'];
}

/** A file the lab adds beside the certificates: a config snippet (0644) or a start script (0755). */
export interface LabFile {
	path: string;
	text: string;
	executable?: boolean;
}

/** The quick lab of a system, as data: which certificates each folder gets (the form shows and checks these). */
export interface LabSpec {
	/** Kinds issued into every node folder. */
	nodeKinds: readonly string[];
	/**
	 * 'own' (default): the lab puts a node's files in node<i>/. 'kind': the kinds' file paths already
	 * carry the node's folder (elasticsearch-certutil's <filename>/), so they are issued at the top.
	 */
	nodeFolder?: 'own' | 'kind';
	/** The kind issued per client user; absent when the system has no client certificates. */
	clientKind?: string;
	/**
	 * 'shared': one client/ folder with every user (a CockroachDB certs-dir holds client.<user>.crt
	 * for many users); 'per-user': client-<user>/ each (libpq reads fixed names in ~/.postgresql).
	 */
	clientFolders?: 'shared' | 'per-user';
	/** Client users when the form opens; may be empty for no clients. */
	defaultUsers: string;
	usersLabel: string;
}

/** How the worker lays a lab out: each leaf's input, and the files that configure and start the nodes. */
export interface LabWriter {
	/** The input of a node's leaves (its hosts, and for etcd every member's hosts). */
	nodeInput(node: LabNode, plan: LabPlan): LeafInput;
	/** Present exactly when the lab has a clientKind. */
	clientInput?(user: string): LeafInput;
	/** Config snippet per node and, for a localhost lab, a start script. */
	files(plan: LabPlan): LabFile[];
}

/**
 * Checks a profile once, when its module loads, so a mistake in a data file fails every test at
 * import instead of producing a bad certificate later (cfssl's profile validation).
 */
export function defineProfile<P extends Profile>(profile: P): P {
	const problems: string[] = [];
	if (!/^[a-z0-9-]+$/.test(profile.id)) problems.push('id must be lower-case letters, digits and hyphens');
	if (profile.defaults.leafDays > profile.defaults.caDays) problems.push('default leaf validity exceeds CA validity');
	if (profile.formats.length === 0) problems.push('no output format');
	for (const target of profile.lintTargets ?? [])
		if (!/^[a-z0-9-]+$/.test(target.id))
			problems.push(`lint target id ${target.id} is not lower-case letters, digits and hyphens`);
	for (const [key, kind] of Object.entries(profile.kinds)) {
		if (kind.id !== key) problems.push(`kind ${key} has id ${kind.id}`);
		if (new Set(kind.extendedKeyUsage).size !== kind.extendedKeyUsage.length)
			problems.push(`kind ${key} repeats an EKU`);
		if (kind.repeatOver && !kind.fields.some((f) => f.id === kind.repeatOver))
			problems.push(`kind ${key} repeats over a field it lacks`);
		if (!((kind.issuerRole ?? 'ca') in profile.caFiles)) problems.push(`kind ${key} names an unknown issuer role`);
		problems.push(...checkEkuChoice(key, kind));
	}
	if (profile.lab) {
		for (const kind of [...profile.lab.nodeKinds, ...(profile.lab.clientKind ? [profile.lab.clientKind] : [])])
			if (!(kind in profile.kinds)) problems.push(`lab names unknown kind ${kind}`);
	}
	const fieldIds = [...(profile.fields ?? []), ...Object.values(profile.kinds).flatMap((k) => k.fields)].map(
		(f) => f.id
	);
	for (const kind of Object.values(profile.kinds)) {
		for (const used of kind.uses ?? [])
			if (!fieldIds.includes(used)) problems.push(`kind ${kind.id} uses an unknown field ${used}`);
	}
	// One form serves all kinds, and an error names its field: ids must be unique in a profile.
	if (new Set(fieldIds).size !== fieldIds.length) problems.push('two kinds share a field id');
	if (problems.length > 0) throw new Error(`Profile ${profile.id} is invalid: ${problems.join('; ')}`);
	return Object.freeze(profile);
}

/**
 * Joins a profile and what it writes, checked once when the worker's registry loads (as
 * defineProfile checks the data): a lab needs its writer, and a lab with clients their input.
 */
export function withWriter(profile: Profile, writer: ProfileWriter): BundleProfile {
	const problems: string[] = [];
	if (Boolean(profile.lab) !== Boolean(writer.lab))
		problems.push(profile.lab ? 'its lab has no writer' : 'a lab writer without a lab');
	if (profile.lab && Boolean(profile.lab.clientKind) !== Boolean(writer.lab?.clientInput))
		problems.push('clientInput must be given exactly when the lab has a clientKind');
	if (problems.length > 0) throw new Error(`Profile ${profile.id} is invalid: ${problems.join('; ')}`);
	const lab = profile.lab && writer.lab ? { ...profile.lab, ...writer.lab } : undefined;
	return Object.freeze({ ...profile, ...writer, lab });
}

function checkEkuChoice(key: string, kind: LeafKind): string[] {
	const choice = kind.extendedKeyUsageChoice;
	if (!choice) return [];
	const field = kind.fields.find((f) => f.id === choice.field);
	const values = field?.choices?.map((c) => c.value) ?? [];
	const options = Object.keys(choice.options);
	if (!field || values.length !== options.length || values.some((v) => !options.includes(v))) {
		return [`kind ${key}: the EKU choice field must offer exactly the EKU options`];
	}
	const byDefault = choice.options[field.default];
	if (!byDefault || byDefault.join() !== kind.extendedKeyUsage.join())
		return [`kind ${key}: extendedKeyUsage must be the default choice's`];
	return [];
}

/** The EKUs a leaf of this kind gets for this input: fixed, or the user's choice among the allowed lists. */
export function extendedKeyUsageOf(kind: LeafKind, input: LeafInput): readonly ExtendedKeyUsage[] {
	const choice = kind.extendedKeyUsageChoice;
	if (!choice) return kind.extendedKeyUsage;
	const picked = input[choice.field];
	if (picked === undefined) return kind.extendedKeyUsage;
	const usages = choice.options[picked];
	if (!usages)
		throw new PkiError(
			'choice-invalid',
			`"${picked}" is not one of the extended key usages this certificate may have.`,
			choice.field
		);
	return usages;
}

/** Shared by kinds whose SANs are exactly the hosts typed in one field. */
export function hostSans(input: LeafInput, field: string): SubjectAltName[] {
	return parseHosts(input[field] ?? '', field);
}

/** A subject of just a common name, with an optional organisation before it. */
export function subjectOf(commonName: string, organization?: string): Rdn[] {
	return organization
		? [
				{ attr: 'O', value: organization },
				{ attr: 'CN', value: commonName }
			]
		: [{ attr: 'CN', value: commonName }];
}

export function sanText(san: SubjectAltName): string {
	// An otherName whose type id is commonName (elasticsearch-certutil's instances.yml cn).
	if (san.type === 'cn') return `otherName:CN=${san.value}`;
	return `${san.type.toUpperCase()}:${san.value}`;
}
