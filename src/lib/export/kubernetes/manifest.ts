import { dump } from 'js-yaml';
import { issuerChain, type IssuerCertificates } from '../../pki/issue/chain';
import { asciiOctets, concat } from '../../pki/der/writer';
import { base64Octets } from '../../pki/der/pem';
import { base64OfPem, certificatesPem, privateKeyPem } from '../pem-files';

/**
 * A Secret's name is a DNS-1123 subdomain (at most 253 characters); Kubernetes' own check is
 * IsDNS1123Subdomain in staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go.
 */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Keys of a Secret's data: IsConfigMapKey in the same file (letters, digits, '-', '_', '.'). */
export const SECRET_DATA_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The two Secret types the charts read: kubernetes.io/tls requires tls.crt and tls.key (and allows
 * more keys, such as ca.crt), Opaque takes any keys (kubernetes.io/docs/concepts/configuration/secret/).
 */
export type SecretType = 'kubernetes.io/tls' | 'Opaque';

export interface SecretSpec {
	name: string;
	type: SecretType;
	/** Key → PEM, as text or ASCII octets; written base64-encoded under `data:`, as the API stores it. */
	data: Readonly<Record<string, string | Uint8Array>>;
}

/** A CA of a bundle, as the manifests need it: the certificate, its parents and its role. */
export interface KubernetesCa extends IssuerCertificates {
	role: string;
}

/** A leaf of a bundle, as the manifests need it (export/bundle.ts IssuedLeaf has these fields). */
export interface KubernetesLeaf {
	folder: string;
	kindId: string;
	role: string;
	commonName: string;
	/** Where the bundle puts the certificate: names a Secret when a bundle has several of one kind. */
	files: { cert: string };
	certificateDer: Uint8Array;
	pkcs8: Uint8Array;
}

/** One file of the kubernetes/ folder, as text or UTF-8 octets; `secret` files hold private keys and are written 0600. */
export interface KubernetesFile {
	path: string;
	data: string | Uint8Array;
	secret: boolean;
}

/** The first line of every file that holds Secrets, so no one mistakes it for a harmless config. */
export const PRIVATE_KEY_WARNING = [
	'This file holds PRIVATE KEYS. Whoever reads it can act as the certificates (or the CA) it holds.',
	'Apply it with `kubectl apply -f` to the namespace of your release, then delete or lock away this copy.'
];

const ASCII = /^[\x20-\x7e\n]*$/;

const latin1 = new TextDecoder('latin1');

/** Base64 of PEM (ASCII by construction), as `data:` values are encoded, as ASCII octets. */
function base64(pem: string | Uint8Array): Uint8Array {
	if (typeof pem !== 'string') return base64OfPem(pem);
	if (!ASCII.test(pem)) throw new Error('Secret values are PEM text, which is ASCII');
	return base64Octets(asciiOctets(pem));
}

/** A Secret as the API takes it (kubernetes.io/docs/concepts/configuration/secret/), `data` in base64. */
export interface SecretManifest {
	apiVersion: 'v1';
	kind: 'Secret';
	metadata: { name: string; namespace?: string };
	type: SecretType;
	data: Record<string, string>;
}

export function secretManifest(spec: SecretSpec): SecretManifest {
	const data = Object.fromEntries(encodedData(spec).map(([key, value]) => [key, latin1.decode(value)]));
	return { apiVersion: 'v1', kind: 'Secret', metadata: { name: spec.name }, type: spec.type, data };
}

/** A Secret's data, each value in base64 octets, once its name and keys pass the checks Kubernetes makes. */
function encodedData(spec: SecretSpec): [string, Uint8Array][] {
	if (!DNS_1123_SUBDOMAIN.test(spec.name) || spec.name.length > 253)
		throw new Error(`Secret name ${spec.name} is not a DNS-1123 subdomain`);
	return Object.entries(spec.data).map(([key, value]) => {
		if (!SECRET_DATA_KEY.test(key)) throw new Error(`Secret key ${key} is not a valid data key`);
		return [key, base64(value)];
	});
}

/**
 * Comment lines, then each document, separated by `---`. js-yaml's dump quotes every string that
 * would read back as another type or break the structure, so no value is spliced in by hand.
 */
export function yamlFile(comments: readonly string[], documents: readonly unknown[]): string {
	// A comment line may quote a name the user typed: every line of it stays a comment.
	const head = comments
		.flatMap((line) => line.split(/\r\n|\r|\n/))
		.map((line) => (line === '' ? '#' : `# ${line}`))
		.join('\n');
	const body = documents.map((doc) => dump(doc, { lineWidth: -1, noRefs: true })).join('---\n');
	return `${head}\n${body}`;
}

/**
 * A folder name (node1, es01) as a DNS-1123 label to suffix a Secret name with: lower-case, other
 * characters turned into '-', at most 40 characters so the joined name stays well inside 63.
 */
export function nameSuffix(text: string): string {
	const label = text
		.toLowerCase()
		.replace(/[^a-z0-9-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	return label === '' ? 'x' : label;
}

/**
 * Names one Secret per leaf: the base name alone for one leaf, base-<label> for several (the label is
 * the leaf's folder or node name; its position when labels are empty or repeat).
 */
export function secretNames(base: string, labels: readonly string[]): string[] {
	if (labels.length === 1) return [base];
	const suffixes = labels.map((label, i) => (label === '' ? String(i + 1) : nameSuffix(label)));
	const unique = new Set(suffixes).size === suffixes.length;
	return suffixes.map((suffix, i) => `${base}-${unique ? suffix : String(i + 1)}`);
}

/**
 * One kubernetes.io/tls Secret per leaf, named by secretNames from each leaf's label: what every
 * chart's writer does with the leaves its chart reads. The names come back too, since each values
 * file points the chart at the first.
 */
export function leafSecrets(
	base: string,
	leaves: readonly KubernetesLeaf[],
	label: (leaf: KubernetesLeaf) => string,
	cas: readonly KubernetesCa[],
	caText?: Uint8Array
): { names: string[]; secrets: SecretSpec[] } {
	const names = secretNames(base, leaves.map(label));
	return { names, secrets: leaves.map((leaf, i) => leafSecret(names[i] ?? base, leaf, cas, caText)) };
}

/** The PEM texts a Secret holds for a leaf: the certificate followed by its intermediates, and its PKCS#8 key. */
export function leafPem(
	leaf: KubernetesLeaf,
	cas: readonly KubernetesCa[]
): { certificate: Uint8Array; key: Uint8Array } {
	const issuer = cas.find((ca) => ca.role === leaf.role);
	const chain = issuer ? issuerChain(issuer).presented : [];
	return { certificate: certificatesPem([leaf.certificateDer, ...chain]), key: privateKeyPem(leaf.pkcs8) };
}

/** The trust anchor file of a role (the root, and what a rotation still trusts), as the bundle's CA file holds it. */
export function trustPem(cas: readonly KubernetesCa[], role = 'ca'): Uint8Array {
	const ca = cas.find((c) => c.role === role) ?? cas.find((c) => c.role === 'ca');
	if (!ca) throw new Error('A bundle without its CA of role "ca"');
	return certificatesPem(issuerChain(ca).trusted);
}

/**
 * The Secret of one leaf: tls.crt its certificate then its intermediates, tls.key its key, and ca.crt
 * when the chart reads the CA from the same Secret (CockroachDB's chart, ECK's HTTP certificate).
 */
export function leafSecret(
	name: string,
	leaf: KubernetesLeaf,
	cas: readonly KubernetesCa[],
	caText?: Uint8Array
): SecretSpec {
	const { certificate, key } = leafPem(leaf, cas);
	const data: Record<string, Uint8Array> = caText === undefined ? {} : { 'ca.crt': caText };
	return { name, type: 'kubernetes.io/tls', data: { ...data, 'tls.crt': certificate, 'tls.key': key } };
}

/**
 * kubernetes/<system>-secrets.yaml: the private-key warning, then what reads these Secrets, then
 * one document per Secret, separated by `---` (0600).
 *
 * The Secrets are written directly as octets rather than through js-yaml's dump: dump looks at
 * every character of every value to choose a style, and strings built and then encoded cost more
 * than the rest of a 1,000-node bundle's layout (npm run bench, "kubernetesYaml"). Every value
 * here comes from a closed alphabet, checked below (the name DNS-1123, the type one of two, the
 * keys IsConfigMapKey's) or made so (the values base64-encoded here), and every one is written
 * double-quoted, so none can read back as another type ("true", "123") or break the structure.
 * manifest.test.ts loads the output with js-yaml and compares it with secretManifest's Secret.
 */
export function secretsFile(system: string, readBy: readonly string[], secrets: readonly SecretSpec[]): KubernetesFile {
	const parts: Uint8Array[] = [new TextEncoder().encode(yamlFile([...PRIVATE_KEY_WARNING, '', ...readBy], []))];
	secrets.forEach((secret, i) => {
		if (secret.type !== 'kubernetes.io/tls' && secret.type !== 'Opaque') throw new Error(`Secret type ${secret.type}`);
		const data = encodedData(secret);
		const separator = i === 0 ? '' : '---\n';
		parts.push(
			asciiOctets(
				`${separator}apiVersion: v1\nkind: Secret\nmetadata:\n  name: "${secret.name}"\ntype: ${secret.type}\ndata:\n`
			)
		);
		for (const [key, value] of data) parts.push(keyOpening(key), value, QUOTE_END);
	});
	return { path: `kubernetes/${system}-secrets.yaml`, data: concat(parts), secret: true };
}

const QUOTE_END = asciiOctets('"\n');
const keyOpenings = new Map<string, Uint8Array>();

/** `  "tls.crt": "`, made once per key: every Secret of a bundle has the same few. */
function keyOpening(key: string): Uint8Array {
	let octets = keyOpenings.get(key);
	if (!octets) keyOpenings.set(key, (octets = asciiOctets(`  "${key}": "`)));
	return octets;
}

/** The values or resource file that points the chart or operator at the Secrets (0644: no key in it). */
export function pointerFile(path: string, comments: readonly string[], document: unknown): KubernetesFile {
	return { path: `kubernetes/${path}`, data: yamlFile(comments, [document]), secret: false };
}
