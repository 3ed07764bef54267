import type { KeyAlgorithm } from '../pki/algorithms';
import { PkiError } from '../pki/errors';
import type { LeafRequest } from '../pki/issue/prepare';
import { splitList } from '../pki/names';
import type { LeafInput, Profile } from '../pki/profiles';
import { slug } from '../export/slug';
import type { FolderRequest } from '../worker/protocol';
import type { Instance } from '../pki/parse/instances-yml';

/** What the generated profile form holds. */
export interface ProfileFormValue {
	selected: Readonly<Record<string, boolean>>;
	/** Field id → text, shared by every kind of the profile (ids are unique per profile). */
	values: LeafInput;
	days: number;
	keyAlgorithm: KeyAlgorithm;
}

/**
 * The leaves one form asks for, checked on the page before any work is sent to the worker, so a
 * mistake shows at once next to its input: every chosen kind, once per entry of a list field.
 */
export function leafRequests(profile: Profile, form: ProfileFormValue, trustDomain?: string): LeafRequest[] {
	const leaves: LeafRequest[] = [];
	const written = new Map<string, string>();
	for (const kind of Object.values(profile.kinds)) {
		if (!form.selected[kind.id]) continue;
		const entries = kind.repeatOver ? splitList(form.values[kind.repeatOver] ?? '') : [undefined];
		if (kind.repeatOver && entries.length === 0) {
			const field = kind.fields.find((f) => f.id === kind.repeatOver);
			throw new PkiError(
				'entries-empty',
				`Enter at least one entry in "${field?.label}", or untick "${kind.label}".`,
				kind.repeatOver
			);
		}
		entries.forEach((entry, index) => {
			const input = entry === undefined ? form.values : { ...form.values, [kind.repeatOver ?? '']: entry };
			const { files } = kind.names(input, { index, trustDomain });
			// Two leaves must not share a file (Elasticsearch: a node named "http" with an HTTP certificate).
			const other = written.get(files.cert);
			if (other)
				throw new PkiError(
					'file-name-clash',
					`"${kind.label}" and "${other}" would both write ${files.cert}; change a name.`,
					kind.repeatOver ?? 'kinds'
				);
			written.set(files.cert, kind.label);
			leaves.push({
				profileId: profile.id,
				kindId: kind.id,
				input,
				days: form.days,
				keyAlgorithm: form.keyAlgorithm,
				index
			});
		});
	}
	if (leaves.length === 0) throw new PkiError('kinds-empty', 'Choose at least one certificate to issue.', 'kinds');
	return leaves;
}

/** One folder with everything the form asked for. */
export function certsRequest(
	profile: Profile,
	form: ProfileFormValue,
	caName: string,
	trustDomain?: string
): { folders: FolderRequest[]; zipName: string } {
	return {
		folders: [{ folder: '', leaves: leafRequests(profile, form, trustDomain) }],
		zipName: profile.zipName ?? `${profile.id}-certs-${slug(caName)}.zip`
	};
}

export interface InstancesForm {
	/** The transport EKU choice of the Elasticsearch profile: 'none' or 'both'. */
	transportEku: string;
	days: number;
	keyAlgorithm: KeyAlgorithm;
}

/**
 * elasticsearch-certutil cert --in instances.yml: one transport certificate per instance, in
 * <filename>/ (the kind's file paths carry the folder), in one certificate-bundle.zip
 * (CertificateTool DEFAULT_CERT_ZIP). Instances come already checked by parseInstancesYml.
 */
export function instancesRequest(
	instances: readonly Instance[],
	form: InstancesForm
): { folders: FolderRequest[]; zipName: string } {
	const leaves: LeafRequest[] = instances.map((i) => ({
		profileId: 'elasticsearch',
		kindId: 'transport',
		input: {
			nodeName: i.name,
			nodeFilename: i.filename,
			nodeDns: i.dns.join(' '),
			nodeIp: i.ip.join(' '),
			nodeCn: i.cn.join('\n'),
			transportEku: form.transportEku
		},
		days: form.days,
		keyAlgorithm: form.keyAlgorithm
	}));
	return { folders: [{ folder: '', leaves }], zipName: 'certificate-bundle.zip' };
}
