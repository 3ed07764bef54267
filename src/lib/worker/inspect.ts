import type { PkiDeps } from '../pki/deps';
import { explainHandshake, throwawayHandshake, type Fault, type HandshakeReport } from '../pki/handshake';
import { lintFiles, lintTarget, runLint, type LintReport } from '../pki/lint';
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
	target: string;
	hosts: string[];
	/** CA certificates from the vault, trusted like dropped roots. */
	vaultCas: { name: string; der: Uint8Array<ArrayBuffer> }[];
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
	problems: ParseProblem[];
	/** One verification per certificate that is not itself a trusted root. */
	chains: { index: number; label: string; result: VerifyResult }[];
	lint: LintReport;
}

export interface HandshakeRequest {
	host: string;
	source:
		| { kind: 'lab'; fault: Fault; user: string }
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

export async function inspect(request: InspectRequest, deps: PkiDeps): Promise<InspectReport> {
	const now = deps.now();
	const parsed = await parseInputs(
		request.files,
		deps,
		request.password !== undefined ? { password: request.password } : {}
	);
	const items: InspectedItem[] = [];
	for (const [index, item] of parsed.items.entries()) {
		items.push({
			index,
			label: item.label,
			...(item.mode !== undefined ? { mode: item.mode } : {}),
			view: await itemView(item, now, deps.crypto)
		});
	}
	const pool = trustPool(parsed.items, request.vaultCas);
	const chains: InspectReport['chains'] = [];
	for (const c of pool.certs) {
		if (isCa(c.cert) && selfSigned(c.cert)) continue;
		const result = await verifyChain(
			{
				leaf: named(c),
				intermediates: pool.intermediates,
				roots: pool.roots,
				at: now,
				crls: parsed.items.flatMap((i) => (i.kind === 'crl' ? [i.crl] : []))
			},
			deps
		);
		chains.push({ index: parsed.items.indexOf(c), label: c.label, result });
	}
	const lint = await runLint(lintTarget(request.target), {
		...lintFiles(parsed.items),
		hosts: request.hosts,
		trusted: pool.roots.filter((r) => r.name?.endsWith('(vault)')).map((r) => r.cert),
		now,
		crypto: deps.crypto
	});
	return { items, problems: parsed.problems, chains, lint };
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

/** Either a throw-away lab with one fault, or two dropped certificates with the dropped and vault CAs as both sides' trust. */
export async function handshake(request: HandshakeRequest, deps: PkiDeps): Promise<HandshakeReport> {
	const src = request.source;
	if (src.kind === 'lab')
		return explainHandshake(await throwawayHandshake(src.fault, { host: request.host, user: src.user }, deps), deps);
	const parsed = await parseInputs(src.files, deps, src.password !== undefined ? { password: src.password } : {});
	const pool = trustPool(parsed.items, src.vaultCas);
	const pick = (i: number) => {
		const item = parsed.items[i];
		if (item?.kind !== 'certificate') throw new Error(`Item ${i} is not a certificate`);
		return item;
	};
	const server = pick(src.server);
	const client = pick(src.client);
	const crls = parsed.items.flatMap((i) => (i.kind === 'crl' ? [i.crl] : []));
	return explainHandshake(
		{
			server: { label: server.label, chain: [named(server), ...pool.intermediates], trusts: pool.roots, crls },
			client: { label: client.label, chain: [named(client), ...pool.intermediates], trusts: pool.roots, crls },
			host: request.host,
			...(src.expectedUser ? { expectedClientName: src.expectedUser } : {}),
			at: deps.now()
		},
		deps
	);
}
