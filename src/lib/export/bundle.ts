import { pem } from '../pki/der/pem';
import type { BundleProfile, BundleSummary, LeafFiles, Profile } from '../pki/profiles';
import { buildPkcs12 } from './pkcs12';
import { MODE_KEY, MODE_PUBLIC, type BundleFile } from './zip';

/** A CA of the bundle: 'ca', or another issuer role of the profile (CockroachDB's 'client'). */
export interface BundleCa {
	role: string;
	name: string;
	certificateDer: Uint8Array;
	/** When the issuer is an intermediate: its parents' certificates, nearest first, ending with the root. */
	chainDer?: readonly Uint8Array[];
	/**
	 * Root rotation (pki/rotation): the CAs this one replaces that peers must still trust, written
	 * after its own certificate in the CA file, as `cockroach cert create-ca --overwrite` prepends
	 * the new CA to ca.crt.
	 */
	alsoTrustedDer?: readonly Uint8Array[];
	/**
	 * Consul-style rotation: this root cross-signed by the root it replaces, sent after each leaf
	 * so a peer that trusts only the old root still finds a path (agent/connect/ca/provider_consul.go CrossSignCA).
	 */
	crossSignedDer?: Uint8Array;
}

/** What relying parties trust: the root at the end of the chain, or the CA itself when it is one. */
export function trustAnchorOf(ca: BundleCa): Uint8Array {
	return ca.chainDer?.at(-1) ?? ca.certificateDer;
}

/** What a leaf presents after itself: its issuer and every CA up to, not including, the root. */
export function intermediatesOf(ca: BundleCa | undefined): Uint8Array[] {
	const crossSigned = ca?.crossSignedDer ? [ca.crossSignedDer] : [];
	if (!ca?.chainDer || ca.chainDer.length === 0) return crossSigned;
	return [ca.certificateDer, ...ca.chainDer.slice(0, -1), ...crossSigned];
}

/** Every certificate the CA file of a role holds: the trust anchor, then the CAs a rotation still trusts. */
export function trustedOf(ca: BundleCa): Uint8Array[] {
	return [trustAnchorOf(ca), ...(ca.alsoTrustedDer ?? [])];
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

export type BundleOutput = { format: 'pem' } | { format: 'pkcs12'; password: string };

/** PEM text with the final newline POSIX tools expect, so `cat a.pem b.pem` stays valid. */
function pemFile(der: Uint8Array, label: string): string {
	return `${pem(der, label)}\n`;
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
	const folders = [...new Set(leaves.map((l) => l.folder))].map((folder) => ({
		folder,
		leaves: leaves
			.filter((l) => l.folder === folder)
			.map((l) => ({ kindId: l.kindId, files: l.files, commonName: l.commonName, sans: l.sans }))
	}));
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
	output: BundleOutput,
	crypto: Crypto
): Promise<BundleFile[]> {
	const summary = summarize(profile, cas, leaves, output);
	const files: BundleFile[] = [{ path: 'README.txt', data: profile.readme(summary), mode: MODE_PUBLIC }];
	const caFolders = profile.caPlacement === 'top' ? [''] : summary.folders.map((f) => f.folder);
	for (const folder of caFolders) {
		for (const ca of cas) {
			const name = profile.caFiles[ca.role];
			if (!name) throw new Error(`Profile ${profile.id} has no CA file for role ${ca.role}`);
			files.push({
				path: at(folder, name),
				data: trustedOf(ca)
					.map((der) => pemFile(der, 'CERTIFICATE'))
					.join(''),
				mode: MODE_PUBLIC
			});
		}
	}
	for (const leaf of leaves) {
		const chain = intermediatesOf(cas.find((c) => c.role === leaf.role));
		if (output.format === 'pkcs12') {
			if (!leaf.files.p12) throw new Error(`Kind ${leaf.kindId} of ${profile.id} has no PKCS#12 file name`);
			const p12 = await buildPkcs12(
				{
					privateKeyPkcs8: leaf.pkcs8,
					certificateDer: leaf.certificateDer,
					chainDer: chain,
					trustedCaDer: cas.flatMap(trustedOf),
					alias: leaf.files.p12Alias ?? leaf.commonName,
					password: output.password
				},
				crypto
			);
			files.push({ path: at(leaf.folder, leaf.files.p12), data: p12, mode: MODE_KEY });
		} else {
			// Leaf first, then the intermediates (RFC 8446 §4.4.2 order), the file Go, Envoy and OpenSSL read as a chain.
			const certText = [leaf.certificateDer, ...chain].map((der) => pemFile(der, 'CERTIFICATE')).join('');
			files.push({ path: at(leaf.folder, leaf.files.cert), data: certText, mode: MODE_PUBLIC });
			files.push({ path: at(leaf.folder, leaf.files.key), data: pemFile(leaf.pkcs8, 'PRIVATE KEY'), mode: MODE_KEY });
		}
	}
	for (const snippet of profile.snippets?.(summary) ?? [])
		files.push({ path: snippet.path, data: snippet.text, mode: MODE_PUBLIC });
	return files;
}
