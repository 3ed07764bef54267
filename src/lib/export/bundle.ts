import type { Profile } from '../pki/profiles';
import { MODE_KEY, MODE_PUBLIC, type BundleFile } from './zip';

export interface IssuedPair {
	certFile: string;
	keyFile: string;
	certPem: string;
	keyPem: string;
}

/** One folder of a bundle (a certs-dir); folder '' is the top of the zip. */
export interface BundleFolder {
	folder: string;
	leaves: IssuedPair[];
}

/**
 * Lays out the files a target system reads: in each folder the CA certificate under the profile's
 * name for it, each certificate (0644) with its key (0600), and a README.txt at the top.
 */
export function layoutBundle(profile: Profile, caName: string, caCertPem: string, folders: BundleFolder[]): BundleFile[] {
	const files: BundleFile[] = [];
	const named = folders.filter((f) => f.folder !== '').map((f) => f.folder);
	files.push({ path: 'README.txt', data: profile.readme({ folders: named, caName }), mode: MODE_PUBLIC });
	for (const { folder, leaves } of folders) {
		const at = (name: string) => (folder === '' ? name : `${folder}/${name}`);
		files.push({ path: at(profile.caCertFile), data: caCertPem, mode: MODE_PUBLIC });
		for (const leaf of leaves) {
			files.push({ path: at(leaf.certFile), data: leaf.certPem, mode: MODE_PUBLIC });
			files.push({ path: at(leaf.keyFile), data: leaf.keyPem, mode: MODE_KEY });
		}
	}
	return files;
}

/** A file-name-safe slug of a CA name, used in the zip names the app offers. */
export function slug(text: string): string {
	const s = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return s.length > 0 ? s.slice(0, 48) : 'ca';
}
