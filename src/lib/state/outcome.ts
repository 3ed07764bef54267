/** What the last action made and where it went, and what to do next: shown after every action. */
export interface Outcome {
	title: string;
	/** The downloaded file, when there is one. */
	file?: string;
	details: string[];
	serials: string[];
	/** The next step in words. */
	next?: string;
	/** Shell commands for the next step (copy a certs-dir to its node, set its modes). */
	commands: string[];
}

interface IssuedFile {
	folder: string;
	certFile: string;
	serialHex: string;
	sans?: readonly string[];
}

/** A host to copy a folder to: its first DNS name or IP address, else a placeholder named after the folder. */
function hostOf(folder: string, certificates: readonly IssuedFile[], index: number): string {
	const san = certificates.find((c) => c.folder === folder && c.sans?.length)?.sans?.[0];
	const name = san?.replace(/^(DNS|IP):/, '');
	return name && /^[A-Za-z0-9.:-]+$/.test(name) && name !== 'localhost' && name !== '127.0.0.1'
		? name
		: `node${index + 1}`;
}

/**
 * The outcome of an issuance: the zip, how many certificates and their serials, and the commands that
 * put a certs-dir on its node. Keys must be 0600 and the folder 0700 on the node: CockroachDB refuses
 * key files readable by others (pkg/security/certificate_loader.go, "exposed to others"), libpq too
 * (PostgreSQL docs, "31.19.1 Client Verification of Server Certificates": the key "must not allow any
 * access to world or group"). The zip records the modes, but scp and some unzip tools drop them.
 */
export function bundleOutcome(zipName: string, certificates: readonly IssuedFile[], what = 'Certificates'): Outcome {
	const count = certificates.length;
	const folders = [...new Set(certificates.map((c) => c.folder))];
	const base = zipName.replace(/\.zip$/, '');
	const unzip = folders.every((f) => f === '') ? `unzip ${zipName} -d ${base}` : `unzip ${zipName}`;
	const shown = folders.slice(0, 3);
	const commands = [unzip];
	shown.forEach((folder, i) => {
		const dir = folder === '' ? base : folder;
		const host = hostOf(folder, certificates, i);
		commands.push(`scp -r ${dir} ${host}:`, `ssh ${host} 'chmod 700 ${dir}; chmod 600 ${dir}/*.key'`);
	});
	const files = [...new Set(certificates.map((c) => (c.folder ? `${c.folder}/${c.certFile}` : c.certFile)))];
	return {
		title: `${what}: ${count} certificate${count === 1 ? '' : 's'} issued and downloaded as ${zipName}`,
		file: zipName,
		details: [
			`In the zip: ${files.slice(0, 6).join(', ')}${files.length > 6 ? ` and ${files.length - 6} more` : ''}.`,
			'Every certificate is recorded in the inventory of this browser.'
		],
		serials: certificates.map((c) => c.serialHex),
		next:
			folders.length > shown.length
				? `Copy each folder to its node and set its modes (the first ${shown.length} of ${folders.length} are shown):`
				: 'Copy each folder to its node and set its modes:',
		commands
	};
}
