import { defaultLab, labPlan } from '../pki/lab/definition';
import type { BundleSummary, LabPlan } from '../pki/profiles';
import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import { KIT_FILES } from '../pki/profiles/kit-files';

/** A server kit's single-server bundle as the issue form makes it: server and client in the top folder. */
export function singleServerSummary(client = 'app'): BundleSummary {
	return {
		caName: 'Kit CA',
		format: 'pem',
		roles: [],
		folders: [
			{
				folder: '',
				leaves: [
					{
						kindId: 'server',
						files: { cert: KIT_FILES.cert, key: KIT_FILES.key },
						commonName: 'localhost',
						sans: ['DNS:localhost', 'IP:127.0.0.1']
					},
					{
						kindId: 'client',
						files: { cert: KIT_FILES.clientCert, key: KIT_FILES.clientKey },
						commonName: client,
						sans: []
					}
				]
			}
		]
	};
}

/** A localhost lab of a kit: its plan, every file the lab writes, and the README of its summary. */
export function kitLab(system: string, nodes: number, users: string) {
	const profile = getBundleProfile(system);
	const plan: LabPlan = labPlan({ ...defaultLab(system, 397), nodes, users });
	const files = profile.lab?.files(plan) ?? [];
	const summary: BundleSummary = {
		caName: 'Lab CA',
		format: 'pem',
		roles: [],
		folders: [
			...plan.nodes.map((n) => ({
				folder: n.name,
				leaves: [
					{ kindId: 'server', files: { cert: KIT_FILES.cert, key: KIT_FILES.key }, commonName: 'localhost', sans: [] }
				]
			})),
			...plan.clients.map((c) => ({
				folder: c.folder,
				leaves: [
					{
						kindId: 'client',
						files: { cert: KIT_FILES.clientCert, key: KIT_FILES.clientKey },
						commonName: c.user,
						sans: []
					}
				]
			}))
		]
	};
	const file = (path: string) => {
		const found = files.find((f) => f.path === path);
		if (!found) throw new Error(`the ${system} lab writes no ${path}`);
		return found;
	};
	return { plan, files, file, readme: profile.readme(summary), snippets: profile.snippets?.(summary) ?? [] };
}

/** The single-server bundle's README and snippets of a kit, by path. */
export function kitBundle(system: string, client = 'app') {
	const profile = getBundleProfile(system);
	const summary = singleServerSummary(client);
	const snippets = profile.snippets?.(summary) ?? [];
	const file = (path: string) => {
		const found = snippets.find((f) => f.path === path);
		if (!found) throw new Error(`the ${system} bundle writes no ${path}`);
		return found.text;
	};
	return { readme: profile.readme(summary), snippets, file };
}
