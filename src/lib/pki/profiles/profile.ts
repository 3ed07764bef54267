import { parseHosts, type SubjectAltName } from '../names';

/** Extended key usages the profiles use (RFC 5280 §4.2.1.12). */
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

/** What a user types for one certificate; each kind says which of these it reads. */
export interface LeafInput {
	hosts?: string;
	username?: string;
}

/** The names a certificate kind derives from the input, already validated. */
export interface LeafNames {
	commonName: string;
	sans: SubjectAltName[];
	/** File names inside a bundle, without folder: e.g. node.crt / node.key. */
	certFile: string;
	keyFile: string;
}

export interface LeafKind {
	id: string;
	label: string;
	/** One line for the UI: what this certificate is for. */
	purpose: string;
	/** Which inputs the form shows for this kind. */
	needsHosts: boolean;
	needsUsername: boolean;
	/** Empty means the extension is absent (allowed by Elasticsearch transport). */
	extendedKeyUsage: readonly ExtendedKeyUsage[];
	/** Turns the user's input into validated names; throws PkiError naming the input at fault. */
	names(input: LeafInput): LeafNames;
}

export interface Profile {
	id: string;
	label: string;
	/** Vendor document the profile follows. */
	source: string;
	/** Optional organisation (O=) put in every leaf subject, as the vendor's own tool does. */
	organization?: string;
	defaults: { caDays: number; leafDays: number };
	/** File name of the CA certificate inside a bundle. */
	caCertFile: string;
	kinds: Record<string, LeafKind>;
	/** README.txt placed at the top of a bundle. */
	readme(bundle: { folders: string[]; caName: string }): string;
}

/**
 * Checks a profile once, when its module loads, so a mistake in a data file fails every test at
 * import instead of producing a bad certificate later (cfssl's profile validation).
 */
export function defineProfile<P extends Profile>(profile: P): P {
	const problems: string[] = [];
	if (!/^[a-z0-9-]+$/.test(profile.id)) problems.push('id must be lower-case letters, digits and hyphens');
	if (profile.defaults.leafDays > profile.defaults.caDays) problems.push('default leaf validity exceeds CA validity');
	for (const [key, kind] of Object.entries(profile.kinds)) {
		if (kind.id !== key) problems.push(`kind ${key} has id ${kind.id}`);
		if (new Set(kind.extendedKeyUsage).size !== kind.extendedKeyUsage.length) problems.push(`kind ${key} repeats an EKU`);
		if (!kind.needsHosts && !kind.needsUsername) problems.push(`kind ${key} reads no input`);
	}
	if (problems.length > 0) throw new Error(`Profile ${profile.id} is invalid: ${problems.join('; ')}`);
	return Object.freeze(profile);
}

/** Shared by kinds whose SANs are exactly the hosts typed. */
export function hostSans(input: LeafInput): SubjectAltName[] {
	return parseHosts(input.hosts ?? '');
}
