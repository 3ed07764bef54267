import type { PkiDeps } from '../pki/deps';
import { PkiError } from '../pki/errors';
import {
	applyFaultToFiles,
	explainHandshake,
	throwawayHandshake,
	type Fault,
	type HandshakeReport,
	type HeldKey
} from '../pki/handshake';
import { chainGraph, type ChainGraph } from '../pki/inspect/chain-graph';
import { describeCompanion } from '../pki/inspect/companions';
import { unpackTars } from '../pki/inspect/archives';
import {
	crlFindings,
	keyModeFindings,
	keyModes,
	loopbackFindings,
	type DropFinding,
	type KeyModeRow
} from '../pki/inspect/findings';
import { parseListing, type FileModeFact } from '../pki/inspect/modes';
import { dropRoles, serverDialsPeers, type DropRoles } from '../pki/inspect/roles';
import { summarize, type DropSummary } from '../pki/inspect/summary';
import { chainVerdict, type ChainVerdict } from '../pki/inspect/verdict';
import { lintFiles, lintTarget, pairedKey, runLint, type LintReport } from '../pki/lint';
import {
	describeCertificate,
	describeCrl,
	describeCsr,
	parseInputs,
	type CertificateView,
	type CrlView,
	type CsrView,
	type InputFile,
	type KeyInfo,
	type ParsedItem,
	type ParseProblem
} from '../pki/parse';
import { verifyChain, type NamedCert, type VerifyResult } from '../pki/verify';
import { x509 } from '../pki/x509';

/** The inspector's worker operations: parse, describe, verify, lint, explain. Results are plain data. */

export interface InspectRequest {
	files: InputFile[];
	password?: string;
	/** The user confirmed opening files whose key derivation asks for more than a million rounds. */
	allowSlowKdf?: boolean;
	target: string;
	hosts: string[];
	/** CA certificates from the vault, trusted like dropped roots. */
	vaultCas: { name: string; der: Uint8Array<ArrayBuffer> }[];
	/** Pasted `ls -l` or `stat` output, for the modes a folder drop hides. */
	modesText?: string;
}

export type ItemView =
	| { kind: 'certificate'; cert: CertificateView; isCa: boolean }
	| { kind: 'csr'; csr: CsrView }
	| { kind: 'crl'; crl: CrlView }
	| { kind: 'private-key'; key: KeyInfo; format: string };

export interface InspectedItem {
	index: number;
	label: string;
	mode?: number;
	view: ItemView;
}

export interface InspectReport {
	items: InspectedItem[];
	/** Files or parts that could not be read, other than the companion files below. */
	problems: ParseProblem[];
	/** README.txt, lab.json, scripts, configs: described, not counted as problems. */
	companions: { label: string; description: string }[];
	/** One verification per certificate that is not itself a trusted root. */
	chains: { index: number; label: string; result: VerifyResult; verdict: ChainVerdict }[];
	lint: LintReport;
	/** Loopback-only server certificates, stale CRLs, key modes that a system refuses. */
	findings: DropFinding[];
	keyModes: KeyModeRow[];
	/** Why the pasted listing could not be read, when it could not. */
	modesError?: string;
	/** How many lines of the pasted listing named a file. */
	modesPasted: number;
	roles: DropRoles;
	graph: ChainGraph;
	summary: DropSummary;
}

export interface HandshakeRequest {
	host: string;
	fault: Fault;
	source:
		| { kind: 'lab'; user: string }
		| {
				kind: 'files';
				files: InputFile[];
				password?: string;
				vaultCas: InspectRequest['vaultCas'];
				server: number;
				client: number;
				expectedUser?: string;
		  };
}

const named = (item: ParsedItem & { kind: 'certificate' }): NamedCert => ({ cert: item.cert, name: item.label });
const isCa = (cert: x509.X509Certificate) => cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
const selfSigned = (cert: x509.X509Certificate) => cert.subject === cert.issuer;

/** Dropped CAs split into trust anchors (self-signed) and intermediates, plus the vault's CAs as anchors. */
function trustPool(items: ParsedItem[], vaultCas: InspectRequest['vaultCas']) {
	const certs = items.filter((i): i is ParsedItem & { kind: 'certificate' } => i.kind === 'certificate');
	const vault = vaultCas.map((c) => ({ cert: new x509.X509Certificate(c.der), name: `${c.name} (vault)` }));
	return {
		certs,
		roots: [...certs.filter((c) => isCa(c.cert) && selfSigned(c.cert)).map(named), ...vault],
		intermediates: certs.filter((c) => isCa(c.cert) && !selfSigned(c.cert)).map(named)
	};
}

/** Tars are unpacked first (with their modes); parse problems of companion files become descriptions. */
async function readDrop(files: InputFile[], password: string | undefined, deps: PkiDeps, allowSlowKdf = false) {
	const unpacked = unpackTars(files);
	const parsed = await parseInputs(unpacked.files, deps, {
		...(password !== undefined ? { password } : {}),
		allowSlowKdf
	});
	const companions: InspectReport['companions'] = [];
	const problems: ParseProblem[] = [...unpacked.problems];
	for (const p of parsed.problems) {
		const description = p.error.code.startsWith('password') ? undefined : describeCompanion(p.source.entry ?? p.label);
		if (description && !p.source.block) companions.push({ label: p.label, description });
		else problems.push(p);
	}
	return { items: parsed.items, problems, companions, tarModes: unpacked.modes };
}

export async function inspect(request: InspectRequest, deps: PkiDeps): Promise<InspectReport> {
	const now = deps.now();
	const drop = await readDrop(request.files, request.password, deps, request.allowSlowKdf === true);
	const items: InspectedItem[] = [];
	for (const [index, item] of drop.items.entries()) {
		items.push({
			index,
			label: item.label,
			...(item.mode !== undefined ? { mode: item.mode } : {}),
			view: await itemView(item, now, deps.crypto)
		});
	}
	const pool = trustPool(drop.items, request.vaultCas);
	const crls = drop.items.flatMap((i) => (i.kind === 'crl' ? [i.crl] : []));
	const chains: InspectReport['chains'] = [];
	for (const c of pool.certs) {
		if (isCa(c.cert) && selfSigned(c.cert)) continue;
		const result = await verifyChain(
			{
				leaf: named(c),
				intermediates: pool.intermediates,
				roots: pool.roots,
				at: now,
				crls,
				revocation: 'covered'
			},
			deps
		);
		chains.push({ index: drop.items.indexOf(c), label: c.label, result, verdict: chainVerdict(result, now) });
	}
	let pasted: FileModeFact[] = [];
	let modesError: string | undefined;
	try {
		pasted = request.modesText ? parseListing(request.modesText) : [];
	} catch (e) {
		if (!(e instanceof PkiError)) throw e;
		modesError = e.message;
	}
	// Pasted modes are given to the lint rules too, so the system's own key-mode rule runs on them.
	const modes = keyModes(
		drop.items,
		[...pasted, ...drop.tarModes],
		request.target === 'cockroachdb' ? 'cockroachdb' : 'libpq'
	);
	const files = lintFiles(drop.items);
	// lintFiles and keyModes both list the key items in drop order.
	files.keys.forEach((k, i) => {
		const row = modes[i];
		if (k.mode === undefined && row?.mode !== undefined) k.mode = row.mode;
		if (row?.owner !== undefined) k.owner = row.owner;
	});
	const lint = await runLint(lintTarget(request.target), {
		...files,
		hosts: request.hosts,
		trusted: pool.roots.filter((r) => r.name?.endsWith('(vault)')).map((r) => r.cert),
		now,
		crypto: deps.crypto
	});
	const findings = [...loopbackFindings(drop.items), ...crlFindings(drop.items, now), ...keyModeFindings(modes)];
	const summary = summarize({
		items: items.length,
		described: drop.companions.length,
		unreadable: drop.problems,
		lint,
		chains,
		findings,
		modesUnknown: modes.filter((m) => !m.verdict).length
	});
	return {
		items,
		problems: drop.problems,
		companions: drop.companions,
		chains,
		lint,
		findings,
		keyModes: modes,
		...(modesError ? { modesError } : {}),
		modesPasted: pasted.length,
		roles: dropRoles(drop.items),
		graph: await chainGraph(drop.items, deps.crypto),
		summary
	};
}

async function itemView(item: ParsedItem, now: Date, crypto: Crypto): Promise<ItemView> {
	switch (item.kind) {
		case 'certificate':
			return { kind: 'certificate', cert: await describeCertificate(item.cert, now, crypto), isCa: isCa(item.cert) };
		case 'csr':
			return { kind: 'csr', csr: await describeCsr(item.csr, crypto) };
		case 'crl':
			return { kind: 'crl', crl: describeCrl(item.crl, now) };
		case 'private-key':
			return { kind: 'private-key', key: item.algorithm, format: item.format };
	}
}

/**
 * Either a throw-away lab with one fault, or two dropped certificates (with the keys beside them, the
 * dropped and vault CAs as both sides' trust, and the dropped CRLs), with the fault applied to a copy.
 */
export async function handshake(request: HandshakeRequest, deps: PkiDeps): Promise<HandshakeReport> {
	const src = request.source;
	if (src.kind === 'lab')
		return explainHandshake(
			await throwawayHandshake(request.fault, { host: request.host, user: src.user }, deps),
			deps
		);
	const drop = await readDrop(src.files, src.password, deps);
	const pool = trustPool(drop.items, src.vaultCas);
	const pick = (i: number) => {
		const item = drop.items[i];
		if (item?.kind !== 'certificate') throw new Error(`Item ${i} is not a certificate`);
		return item;
	};
	const server = pick(src.server);
	const client = pick(src.client);
	const crls = drop.items.flatMap((i) => (i.kind === 'crl' ? [i.crl] : []));
	const files = lintFiles(drop.items);
	const keyOf = (item: ParsedItem): HeldKey | undefined => {
		const cert = files.certs[pool.certs.indexOf(item as ParsedItem & { kind: 'certificate' })];
		const key = cert ? pairedKey(cert, files.keys) : undefined;
		return key ? { name: key.base, pkcs8: key.pkcs8, info: key.info } : undefined;
	};
	const serverKey = keyOf(server);
	const clientKey = keyOf(client);
	const dialsPeers = serverDialsPeers(drop.items, src.server);
	const input = {
		server: {
			label: server.label,
			chain: [named(server), ...pool.intermediates],
			trusts: pool.roots,
			crls,
			...(serverKey ? { key: serverKey } : {})
		},
		client: {
			label: client.label,
			chain: [named(client), ...pool.intermediates],
			trusts: pool.roots,
			crls,
			...(clientKey ? { key: clientKey } : {})
		},
		host: request.host,
		...(src.expectedUser ? { expectedClientName: src.expectedUser } : {}),
		...(dialsPeers ? { serverDialsPeers: dialsPeers } : {}),
		at: deps.now()
	};
	return explainHandshake(await applyFaultToFiles(input, request.fault, deps), deps);
}
