import type { KeyAlgorithm } from '../pki/algorithms';
import { isPkiError, PkiError, type ErrorField } from '../pki/errors';
import type { LeafRequest } from '../pki/issue/prepare';
import { parseHosts, splitList } from '../pki/names';
import { slug } from '../export/bundle';
import type { FolderRequest } from '../worker/protocol';

export interface CockroachCertsForm {
	node: boolean;
	nodeHosts: string;
	/** SQL users, separated like hosts; one client.<user> pair each. */
	clientUsers: string;
	ui: boolean;
	uiHosts: string;
	days: number;
	keyAlgorithm: KeyAlgorithm;
}

export interface CockroachLabForm {
	nodes: number;
	/** Hosts of node i; "{i}" is replaced by the node's number. */
	hostPattern: string;
	rootClient: boolean;
	days: number;
	keyAlgorithm: KeyAlgorithm;
}

export const MAX_LAB_NODES = 1000;

const PROFILE = 'cockroachdb';

/** One certs-dir with the certificates chosen in the form. */
export function cockroachCertsRequest(form: CockroachCertsForm, caName: string): { folders: FolderRequest[]; zipName: string } {
	const base = { profileId: PROFILE, days: form.days, keyAlgorithm: form.keyAlgorithm };
	const leaves: LeafRequest[] = [];
	if (form.node) leaves.push({ ...base, kindId: 'node', hosts: form.nodeHosts });
	for (const username of splitList(form.clientUsers)) leaves.push({ ...base, kindId: 'client', username });
	if (form.ui) {
		// Node and UI hosts are two inputs; check the UI's here so its message lands next to it.
		retag(() => parseHosts(form.uiHosts), 'uiHosts');
		leaves.push({ ...base, kindId: 'ui', hosts: form.uiHosts });
	}
	if (leaves.length === 0) {
		throw new PkiError('host-empty', 'Choose at least one certificate: a node, a SQL user or the DB Console.', 'nodes');
	}
	return { folders: [{ folder: '', leaves }], zipName: `cockroachdb-certs-${slug(caName)}.zip` };
}

/** A lab: folder node<i> per node (a certs-dir each) and a client folder with client.root. */
export function cockroachLabRequest(form: CockroachLabForm, caName: string): { folders: FolderRequest[]; zipName: string } {
	if (!Number.isInteger(form.nodes) || form.nodes < 1 || form.nodes > MAX_LAB_NODES) {
		throw new PkiError('host-empty', `A lab has from 1 to ${MAX_LAB_NODES} nodes.`, 'nodes');
	}
	const base = { profileId: PROFILE, days: form.days, keyAlgorithm: form.keyAlgorithm };
	const folders: FolderRequest[] = [];
	for (let i = 1; i <= form.nodes; i++) {
		folders.push({ folder: `node${i}`, leaves: [{ ...base, kindId: 'node', hosts: form.hostPattern.replaceAll('{i}', String(i)) }] });
	}
	if (form.rootClient) folders.push({ folder: 'client', leaves: [{ ...base, kindId: 'client', username: 'root' }] });
	return { folders, zipName: `cockroachdb-lab-${form.nodes}-nodes-${slug(caName)}.zip` };
}

function retag(check: () => unknown, field: ErrorField): void {
	try {
		check();
	} catch (error) {
		if (isPkiError(error)) throw new PkiError(error.code, error.message, field);
		throw error;
	}
}
