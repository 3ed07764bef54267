import { cockroachdbManifests } from './cockroachdb';
import { consulManifests } from './consul';
import { elasticsearchManifests } from './elasticsearch';
import type { KubernetesCa, KubernetesFile, KubernetesLeaf } from './manifest';

type ManifestWriter = (cas: readonly KubernetesCa[], leaves: readonly KubernetesLeaf[]) => KubernetesFile[];

/** The systems whose Helm chart or operator reads certificates from Secrets, by profile id. */
const WRITERS: Readonly<Record<string, ManifestWriter>> = {
	cockroachdb: cockroachdbManifests,
	elasticsearch: elasticsearchManifests,
	consul: consulManifests
};

/**
 * The kubernetes/ folder of a PEM bundle: the Secrets the system's chart or operator reads and the
 * values that point it at them; nothing for a system without one, or a bundle without the
 * certificate the chart needs (a CockroachDB bundle with no node certificate).
 */
export function kubernetesManifests(
	profileId: string,
	cas: readonly KubernetesCa[],
	leaves: readonly KubernetesLeaf[]
): KubernetesFile[] {
	return WRITERS[profileId]?.(cas, leaves) ?? [];
}

export type { KubernetesCa, KubernetesFile, KubernetesLeaf } from './manifest';
