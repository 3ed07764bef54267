import { issuerChain, type IssuerCertificates } from '../pki/issue/chain';
import type { BundleProfile, BundleSummary, LeafFiles, Profile } from '../pki/profiles';
import { PkiError } from '../pki/errors';
import { kubernetesManifests } from './kubernetes';
import { certificatesPem, concatBytes, privateKeyPem } from './pem-files';
import { buildPkcs12, pkcs12Password, type Pkcs12Compatibility, type Pkcs12Password } from './pkcs12';
import { MODE_KEY, MODE_PUBLIC, MODE_SCRIPT, type BundleFile } from './zip';

/** A CA of the bundle: 'ca', or another issuer role of the profile (CockroachDB's 'client'). */
export interface BundleCa extends IssuerCertificates {
	role: string;
	name: string;
}

/** One issued leaf, as bytes, and where it goes. */
export interface IssuedLeaf {
	folder: string;
	kindId: string;
	role: string;
	files: LeafFiles;
	commonName: string;
	sans: string[];
	certificateDer: Uint8Array;
	pkcs8: Uint8Array;
}

/** PKCS#12 is written 'modern' unless `compatibility` says 'legacy' (../pki/pbe/pkcs12-compatibility.ts). */
export type BundleOutput =
	{ format: 'pem' } | { format: 'pkcs12'; password: string; compatibility?: Pkcs12Compatibility };
/** A BundleOutput whose PKCS#12 password has been checked, once, where the request came in. */
export type CheckedOutput =
	{ format: 'pem' } | { format: 'pkcs12'; password: Pkcs12Password; compatibility: Pkcs12Compatibility };

/** Refuses a PKCS#12 password Java would not accept before any key is made (pkcs12.ts pkcs12Password). */
export function checkOutput(output: BundleOutput): CheckedOutput {
	if (output.format !== 'pkcs12') return output;
	const compatibility = output.compatibility ?? 'modern';
	if (compatibility !== 'modern' && compatibility !== 'legacy')
		throw new PkiError('choice-invalid', `"${String(compatibility)}" is not a PKCS#12 compatibility.`);
	return { format: 'pkcs12', password: pkcs12Password(output.password), compatibility };
}

function at(folder: string, path: string): string {
	return folder === '' ? path : `${folder}/${path}`;
}

export function summarize(
	profile: Profile,
	cas: readonly BundleCa[],
	leaves: readonly IssuedLeaf[],
	output: BundleOutput
): BundleSummary {
	// One pass, in the order folders first appear: a lab has a folder per node, so filtering the
	// leaves once per folder would be quadratic in the lab's size.
	const byFolder = new Map<string, BundleSummary['folders'][number]['leaves']>();
	for (const l of leaves) {
		let list = byFolder.get(l.folder);
		if (!list) byFolder.set(l.folder, (list = []));
		list.push({ kindId: l.kindId, files: l.files, commonName: l.commonName, sans: l.sans });
	}
	const folders = [...byFolder].map(([folder, list]) => ({ folder, leaves: list }));
	const caName = cas.find((c) => c.role === 'ca')?.name ?? cas[0]?.name ?? '';
	return { caName, folders, format: output.format, roles: cas.map((c) => c.role).filter((r) => r !== 'ca') };
}

/**
 * Lays out the files a target system reads, as its profile says: each CA's trust anchor (the root,
 * when the issuer is an intermediate) under the profile's name for its role, in every folder (a CockroachDB certs-dir) or once at the top
 * (elasticsearch-certutil's ca/ca.crt, consul-agent-ca.pem); each leaf as certificate (0644, followed
 * by its intermediates) and
 * key (0600), or as one PKCS#12 keystore (0600) that also trusts the bundle's CAs; README.txt and
 * the profile's configuration snippets at the top.
 */
export async function assembleBundle(
	profile: BundleProfile,
	cas: readonly BundleCa[],
	leaves: readonly IssuedLeaf[],
	output: CheckedOutput,
	crypto: Crypto
): Promise<BundleFile[]> {
	const summary = summarize(profile, cas, leaves, output);
	const files: BundleFile[] = [{ path: 'README.txt', data: profile.readme(summary), mode: MODE_PUBLIC }];
	const caFolders = profile.caPlacement === 'top' ? [''] : summary.folders.map((f) => f.folder);
	// Each CA file is encoded once; every folder's copy is the same octets.
	const caFiles = cas.map((ca) => {
		const name = profile.caFiles[ca.role];
		if (!name) throw new Error(`Profile ${profile.id} has no CA file for role ${ca.role}`);
		return { name, pem: certificatesPem(issuerChain(ca).trusted) };
	});
	for (const folder of caFolders) {
		for (const { name, pem } of caFiles) files.push({ path: at(folder, name), data: pem, mode: MODE_PUBLIC });
	}
	for (const leaf of leaves) {
		const issuer = cas.find((c) => c.role === leaf.role);
		const chain = issuer ? issuerChain(issuer).presented : [];
		if (output.format === 'pkcs12') {
			if (!leaf.files.p12) throw new Error(`Kind ${leaf.kindId} of ${profile.id} has no PKCS#12 file name`);
			const p12 = await buildPkcs12(
				{
					privateKeyPkcs8: leaf.pkcs8,
					certificateDer: leaf.certificateDer,
					chainDer: chain,
					trustedCaDer: cas.flatMap((ca) => issuerChain(ca).trusted),
					alias: leaf.files.p12Alias ?? leaf.commonName,
					password: output.password,
					compatibility: output.compatibility
				},
				crypto
			);
			files.push({ path: at(leaf.folder, leaf.files.p12), data: p12, mode: MODE_KEY });
		} else {
			// Leaf first, then the intermediates (RFC 8446 §4.4.2 order), the file Go, Envoy and OpenSSL read as a chain.
			const certPem = certificatesPem([leaf.certificateDer, ...chain]);
			const keyPem = privateKeyPem(leaf.pkcs8);
			if (leaf.files.keyInCert)
				files.push({ path: at(leaf.folder, leaf.files.cert), data: concatBytes([certPem, keyPem]), mode: MODE_KEY });
			else {
				files.push({ path: at(leaf.folder, leaf.files.cert), data: certPem, mode: MODE_PUBLIC });
				files.push({ path: at(leaf.folder, leaf.files.key), data: keyPem, mode: MODE_KEY });
			}
		}
	}
	for (const snippet of profile.snippets?.(summary) ?? [])
		files.push({ path: snippet.path, data: snippet.text, mode: snippet.executable ? MODE_SCRIPT : MODE_PUBLIC });
	// Kubernetes Secrets hold PEM keys: a bundle asked for as PKCS#12 keeps its keys in keystores only.
	if (output.format === 'pem')
		for (const file of kubernetesManifests(profile.id, cas, leaves))
			files.push({ path: file.path, data: file.data, mode: file.secret ? MODE_KEY : MODE_PUBLIC });
	return files;
}
