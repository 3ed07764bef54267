import { loadAll } from 'js-yaml';

/**
 * Reads a manifests file as kubectl would (every YAML document), and checks each Secret against the
 * rules the API server applies (no kubectl here to ask): apiVersion v1, kind Secret, metadata.name a
 * DNS-1123 subdomain (IsDNS1123Subdomain), every data key a valid key (IsConfigMapKey) holding
 * canonical base64, and, for type kubernetes.io/tls, both tls.crt and tls.key present
 * (pkg/apis/core/validation/validation.go ValidateSecret in github.com/kubernetes/kubernetes).
 * Written independently of export/kubernetes/manifest.ts, so the two cannot share a mistake.
 */

export interface DecodedSecret {
	name: string;
	type: string;
	/** Each key's value, decoded. */
	data: Record<string, string>;
}

const SUBDOMAIN_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${SUBDOMAIN_LABEL}(\\.${SUBDOMAIN_LABEL})*$`);
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem of one document that claims to be a Secret; empty when the API server would take it. */
export function secretProblems(doc: unknown): string[] {
	if (!isRecord(doc)) return ['not a mapping'];
	const problems: string[] = [];
	if (doc.apiVersion !== 'v1') problems.push(`apiVersion ${String(doc.apiVersion)}`);
	if (doc.kind !== 'Secret') problems.push(`kind ${String(doc.kind)}`);
	const name = isRecord(doc.metadata) ? doc.metadata.name : undefined;
	if (typeof name !== 'string' || name.length > 253 || !SUBDOMAIN.test(name)) problems.push(`name ${String(name)}`);
	if (typeof doc.type !== 'string') problems.push('no type');
	if (!isRecord(doc.data)) return [...problems, 'no data'];
	for (const [key, value] of Object.entries(doc.data)) {
		if (key.length > 253 || !DATA_KEY.test(key)) problems.push(`data key ${key}`);
		if (typeof value !== 'string' || !BASE64.test(value)) problems.push(`data ${key} is not base64`);
	}
	if (doc.type === 'kubernetes.io/tls' && !('tls.crt' in doc.data && 'tls.key' in doc.data))
		problems.push('a kubernetes.io/tls Secret without tls.crt and tls.key');
	return problems;
}

/** The Secrets of a manifests file, checked and decoded; throws on the first one the API would refuse. */
export function readSecrets(yamlText: string): DecodedSecret[] {
	return loadAll(yamlText)
		.filter((doc) => isRecord(doc) && doc.kind === 'Secret')
		.map((doc) => {
			const problems = secretProblems(doc);
			if (problems.length > 0) throw new Error(`Invalid Secret: ${problems.join('; ')}`);
			const secret = doc as { metadata: { name: string }; type: string; data: Record<string, string> };
			const data = Object.fromEntries(
				Object.entries(secret.data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('latin1')])
			);
			return { name: secret.metadata.name, type: secret.type, data };
		});
}
