import { proveKey } from '../handshake/key-proof';
import { lintFiles, pairedKey } from '../lint';
import type { ParsedItem } from '../parse/types';
import { x509 } from '../x509';
import { baseName } from './roles';

/**
 * The dropped items as a graph for the chain picture: certificates (roots, intermediates, leaves),
 * the private keys beside them, and an edge for every "signed by" and "holds the key of" relation,
 * each checked: an issuer found by name whose key did not sign the certificate is a broken link, a
 * certificate whose issuer was not dropped points at a missing node. Cross-signed CAs (two
 * certificates for one key, from two issuers) appear as two certificates that share a key.
 */
export interface GraphNode {
	id: string;
	kind: 'root' | 'intermediate' | 'leaf' | 'key' | 'missing';
	label: string;
	/** One line under the label: the subject, or why the node is missing. */
	detail: string;
}

export interface GraphEdge {
	from: string;
	to: string;
	kind: 'signed' | 'key';
	ok: boolean;
	/** "signed by ca.crt", "signature does not verify with ca.crt's key", "node.key belongs to node.crt". */
	reason: string;
}

export interface ChainGraph {
	nodes: GraphNode[];
	edges: GraphEdge[];
}

const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;

async function signedBy(child: x509.X509Certificate, issuer: x509.X509Certificate, crypto: Crypto) {
	try {
		return await child.verify({ publicKey: issuer.publicKey, signatureOnly: true }, crypto);
	} catch {
		return false;
	}
}

export async function chainGraph(items: readonly ParsedItem[], crypto: Crypto): Promise<ChainGraph> {
	const nodes: GraphNode[] = [];
	const edges: GraphEdge[] = [];
	const certs = items.flatMap((item, i) => (item.kind === 'certificate' ? [{ item, id: `c${i}` }] : []));
	for (const { item, id } of certs) {
		const selfIssued = item.cert.subject === item.cert.issuer;
		nodes.push({
			id,
			kind: !isCa(item.cert) ? 'leaf' : selfIssued ? 'root' : 'intermediate',
			label: baseName(item.label),
			detail: item.cert.subject
		});
	}
	const missing = new Map<string, string>();
	for (const { item, id } of certs) {
		const cert = item.cert;
		if (cert.subject === cert.issuer && (await signedBy(cert, cert, crypto))) continue;
		const candidates = certs.filter((c) => c.id !== id && c.item.cert.subject === cert.issuer);
		const verdicts = await Promise.all(candidates.map((c) => signedBy(cert, c.item.cert, crypto)));
		const signer = candidates.find((_, n) => verdicts[n]);
		for (const [n, c] of candidates.entries()) {
			const name = baseName(c.item.label);
			edges.push({
				from: c.id,
				to: id,
				kind: 'signed',
				ok: verdicts[n]!,
				reason: verdicts[n]
					? `${name} signed ${baseName(item.label)}`
					: `broken: ${baseName(item.label)} names ${name} as its issuer (${cert.issuer}), but its signature does not verify with ${name}'s key: ${
							signer
								? `${baseName(signer.item.label)} (the other CA of that name) signed it`
								: 'a CA of the same name with another key signed it, and that CA was not dropped'
						}`
			});
		}
		if (candidates.length === 0) {
			let mid = missing.get(cert.issuer);
			if (!mid) {
				mid = `m${missing.size}`;
				missing.set(cert.issuer, mid);
				nodes.push({ id: mid, kind: 'missing', label: 'issuer not dropped', detail: cert.issuer });
			}
			edges.push({
				from: mid,
				to: id,
				kind: 'signed',
				ok: false,
				reason: `broken: the CA that signed ${baseName(item.label)} (${cert.issuer}) is not among the dropped files`
			});
		}
	}
	// Keys: paired to certificates by the file-name conventions the lint rules use, then proved.
	const { certs: lintCerts, keys } = lintFiles(items);
	const keyItems = items.flatMap((item, i) => (item.kind === 'private-key' ? [{ item, id: `k${i}` }] : []));
	for (const { item, id } of keyItems)
		nodes.push({ id, kind: 'key', label: baseName(item.label), detail: item.algorithm.label });
	for (const [n, lc] of lintCerts.entries()) {
		if (lc.isCa) continue;
		const key = pairedKey(lc, keys);
		if (!key) continue;
		const keyNode = keyItems[keys.indexOf(key)];
		const certNode = certs[n];
		if (!keyNode || !certNode) continue;
		const proof = await proveKey({ name: key.base, pkcs8: key.pkcs8, info: key.info }, lc.cert, crypto);
		edges.push({
			from: keyNode.id,
			to: certNode.id,
			kind: 'key',
			ok: proof.ok !== false,
			reason:
				proof.ok === false
					? `broken: ${key.base} does not belong to ${lc.base} (${proof.why})`
					: proof.ok
						? `${key.base} belongs to ${lc.base}`
						: `${key.base} sits beside ${lc.base}; not checked: ${proof.why}`
		});
	}
	return { nodes, edges };
}
