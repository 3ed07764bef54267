import type { CaOptions } from '../pki/ca';
import { parseNameConstraints } from '../pki/ca-input';
import { PkiError } from '../pki/errors';
import { signingUri, trustDomainOf } from '../pki/spiffe';

/**
 * The CA options a form asks for, checked on the page so a mistake shows next to its input. A
 * Connect root is what Consul's built-in provider makes (agent/connect/ca/provider_consul.go and
 * agent/connect/generate.go GenerateCA: URI SAN spiffe://<td>, a critical name constraint permitting
 * DNS:<td>); we add the URI form of the same subtree so a verifier also refuses SPIFFE IDs of another
 * trust domain.
 */
export function caOptions(constraintsText: string, clusterId: string | null, pathLenText = ''): CaOptions {
	const options: CaOptions = {};
	const constraints = parseNameConstraints(constraintsText);
	if (constraints) options.nameConstraints = constraints;
	if (pathLenText.trim() !== '') {
		const n = Number(pathLenText);
		if (!/^\d+$/.test(pathLenText.trim()))
			throw new PkiError(
				'pathlen-invalid',
				'The path length is a whole number from 0 to 10, or empty for no limit.',
				'pathLen'
			);
		options.pathLen = n;
	}
	if (clusterId !== null) {
		const td = trustDomainOf(clusterId);
		options.uris = [signingUri(td)];
		options.nameConstraints = {
			...options.nameConstraints,
			dns: [...(options.nameConstraints?.dns ?? []), td],
			uri: [td]
		};
	}
	return options;
}
