import { writeZip, type ZipEntry } from './zip-writer';

/** One file of a bundle: a path inside the zip, its bytes and its Unix mode. */
export interface BundleFile {
	path: string;
	data: Uint8Array | string;
	mode: number;
}

/**
 * Private keys 0600 (CockroachDB and libpq refuse group- or world-readable keys), certificates and
 * text 0644, folders 0700, scripts 0755.
 */
export const MODE_KEY = 0o600;
export const MODE_PUBLIC = 0o644;
export const MODE_DIR = 0o700;
/** Start scripts a lab ships, run as ./start-etcd.sh. */
export const MODE_SCRIPT = 0o755;

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const EMPTY = new Uint8Array(0);

const encoder = new TextEncoder();

/**
 * Whether an entry is worth deflating, by what it holds. Measured on the labs of every system
 * (P-256, fflate level 6): PEM certificates and keys are base64 of mostly random bytes and shrink
 * only to 0.73-0.83 of their size, at a deflate call per file, two per leaf of a 1,000-node lab; the
 * lab's own text (README.txt, configs, start scripts, lab.json) shrinks to 0.2-0.5 and is a handful
 * of files. So text is deflated and key material (PEM, DER, PKCS#12) is stored.
 */
const DEFLATED = /\.(txt|md|conf|cnf|cfg|yml|yaml|json|hcl|sh|flags|env|csv|ini)$/i;
/**
 * Kubernetes Secrets files are key material too: base64 of PEM keys and certificates. They shrink
 * further than PEM (to about 0.18 for a 1,000-node CockroachDB lab) only because every Secret
 * repeats the CA certificate, and deflating them took a sixth of that lab's time (npm run bench).
 */
const KEY_MATERIAL = /(^|\/)kubernetes\/[^/]*-secrets\.yaml$/;
export const deflates = (path: string): boolean => DEFLATED.test(path) && !KEY_MATERIAL.test(path);

/**
 * The last line of defence against zip-slip (APPNOTE.TXT §4.4.17.1: a file name is relative, with
 * forward slashes, and no drive or device letter): every name that reaches a path was checked by
 * the name policy first (pki/name-policy.ts), so a path refused here is a defect in this app, not
 * a user's mistake, and it stays a plain Error. Refused: an absolute path, a "." or ".." segment,
 * an empty segment (a leading, doubled or trailing slash), a backslash (a separator to Windows
 * unzip tools), a drive letter, and control, format or bidi characters.
 */
const UNSAFE_PATH: readonly [(path: string) => boolean, string][] = [
	[(p) => p.length === 0, 'it is empty'],
	[(p) => p.startsWith('/'), 'it is absolute'],
	[(p) => p.includes('\\'), 'it holds a backslash'],
	[(p) => /^[A-Za-z]:/.test(p), 'it starts with a drive letter'],
	[(p) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(p), 'it holds a control or formatting character'],
	[(p) => p.split('/').some((s) => s === '' || s === '.' || s === '..'), 'it has an empty, "." or ".." segment']
];

/** Paths of plain segments (letters, digits, '.', '_', '-'), as the app's own layouts write them. */
const PLAIN_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export function checkEntryPath(path: string): void {
	// The common case, decided by one expression: a segment cannot start with '.', so it is
	// neither "." nor "..", and nothing else UNSAFE_PATH looks for can match these characters.
	if (PLAIN_PATH.test(path)) return;
	const why = UNSAFE_PATH.find(([unsafe]) => unsafe(path))?.[1];
	if (why) throw new Error(`Refusing zip entry ${JSON.stringify(path)}: ${why}.`);
}

/**
 * Builds a zip whose entries carry Unix modes. Folders get their own entries (mode 0700) so unzip
 * creates them private. Text entries are deflated, key material stored (see DEFLATED); zip time
 * counts in a bulk issuance's time (npm run bench).
 */
export function zipBundle(files: readonly BundleFile[], mtime: Date): Uint8Array<ArrayBuffer> {
	const folders = new Set<string>();
	const paths = new Set<string>();
	for (const file of files) {
		checkEntryPath(file.path);
		if (paths.has(file.path)) throw new Error(`Duplicate path in bundle: ${file.path}`);
		paths.add(file.path);
		// Every parent folder, deepest first; a folder already seen has its parents in the set.
		for (let end = file.path.lastIndexOf('/'); end > 0; end = file.path.lastIndexOf('/', end - 1)) {
			const folder = file.path.slice(0, end + 1);
			if (folders.has(folder)) break;
			folders.add(folder);
		}
	}
	const entries: ZipEntry[] = [...folders].sort().map((name) => ({
		name,
		data: EMPTY,
		unixMode: S_IFDIR | MODE_DIR,
		deflate: false
	}));
	for (const file of files)
		entries.push({
			name: file.path,
			data: typeof file.data === 'string' ? encoder.encode(file.data) : file.data,
			unixMode: S_IFREG | file.mode,
			deflate: deflates(file.path)
		});
	return writeZip(entries, mtime);
}
