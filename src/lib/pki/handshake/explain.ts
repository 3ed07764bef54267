import type { PkiDeps } from '../deps';
import { LOOPBACK_WHY, isLoopback, onlyLoopback } from '../inspect/loopback';
import { sanHosts } from '../inspect/roles';
import { verifyChain } from '../verify/verify';
import type { NamedCert, VerifyResult } from '../verify/types';
import { fixFor } from './fixes';
import { proveKey } from './key-proof';
import type { CertSummary, HandshakeInput, HandshakeReport, HandshakeSideView, HandshakeStep, TlsSide } from './types';

/**
 * A mutual-TLS handshake as the two peers judge it (RFC 8446 §4.4.2 Certificate, §4.4.3
 * CertificateVerify, §4.3.2 CertificateRequest): the server sends its chain and proves it holds the
 * key, the client verifies the chain for serverAuth and the host it dialled, the server asks for a
 * certificate naming the CAs it accepts, the client sends its chain and proves its key, the server
 * verifies it for clientAuth. Every chain check is the verifier's (verify/verify.ts); the key proofs
 * sign and verify with WebCrypto; the CN-to-user mapping is the system's rule, not TLS's.
 */
export async function explainHandshake(input: HandshakeInput, deps: PkiDeps): Promise<HandshakeReport> {
	const at = input.at ?? deps.now();
	const { server, client, host } = input;
	const steps: HandshakeStep[] = [];

	steps.push({
		id: 'server-presents',
		actor: 'server',
		title: 'The server sends its certificate chain',
		ok: server.chain.length > 0,
		reason: server.chain.length
			? `${server.label} sends ${names(server.chain)}; the client dialled ${host}.`
			: `${server.label} has no certificate to send.`,
		sent: server.chain.map(summary)
	});
	steps.push(await keyStep('server-proves-key', 'server', server, deps.crypto));
	const serverVerdict = server.chain.length ? await judge(server, client, 'serverAuth', host, at, deps) : undefined;
	steps.push(
		checkStep(
			'client-checks-server',
			'client',
			`The client checks the server's chain against its CAs (${names(client.trusts)}) for serverAuth and host ${host}`,
			serverVerdict,
			fixFor(serverVerdict ?? { steps: [], names: [] }, 'serverAuth', host, 'the client')
		)
	);

	steps.push({
		id: 'server-requests',
		actor: 'server',
		title: 'The server asks for a client certificate (mutual TLS)',
		ok: true,
		reason: `${server.label} sends CertificateRequest and names the CAs it accepts: ${names(server.trusts)}.`
	});
	steps.push({
		id: 'client-presents',
		actor: 'client',
		title: 'The client sends its certificate chain',
		ok: client.chain.length > 0,
		reason: client.chain.length
			? `${client.label} sends ${names(client.chain)}.`
			: `${client.label} has no certificate to send, so the server ends the handshake.`,
		sent: client.chain.map(summary)
	});
	steps.push(await keyStep('client-proves-key', 'client', client, deps.crypto));
	const clientVerdict = client.chain.length
		? await judge(client, server, 'clientAuth', undefined, at, deps)
		: undefined;
	steps.push(
		checkStep(
			'server-checks-client',
			'server',
			`The server checks the client's chain against its CAs (${names(server.trusts)}) for clientAuth`,
			clientVerdict,
			fixFor(clientVerdict ?? { steps: [], names: [] }, 'clientAuth', undefined, 'the server')
		)
	);

	if (input.expectedClientName !== undefined && client.chain[0]) steps.push(identityStep(input, client.chain[0]));
	if (input.serverDialsPeers && server.chain.length) {
		// The other node verifies this node's chain against the same CAs, now as a TLS client's.
		const asClient = await judge(server, server, 'clientAuth', undefined, at, deps);
		steps.push(
			checkStep(
				'peer-checks-server-as-client',
				'server',
				`The other nodes check ${server.label} for clientAuth when this node dials them (${input.serverDialsPeers})`,
				asClient,
				fixFor(asClient, 'clientAuth', undefined, 'the other nodes')
			)
		);
	}

	const failed = steps.find((s) => !s.ok);
	return {
		ok: !failed,
		...(failed ? { failedStep: failed.id } : {}),
		steps,
		server: sideView(server, clientVerdict),
		client: sideView(client, serverVerdict),
		host,
		unchecked: steps.filter((s) => s.unchecked).map((s) => s.id),
		notes: notes(input),
		...(input.experiment ? { experiment: input.experiment } : {})
	};
}

/** CertificateVerify: the side signs with its key; the peer checks it with the certificate's public key. */
async function keyStep(
	id: 'server-proves-key' | 'client-proves-key',
	actor: 'server' | 'client',
	side: TlsSide,
	crypto: Crypto
): Promise<HandshakeStep> {
	const leaf = side.chain[0];
	const cert = leaf ? nameOf(leaf) : 'its certificate';
	const title = `The ${actor} proves it holds the key of ${cert} (CertificateVerify)`;
	if (!leaf) return { id, actor, title, ok: false, reason: 'there is no certificate whose key could be proved' };
	if (!side.key)
		return {
			id,
			actor,
			title,
			ok: true,
			unchecked: true,
			reason: `no private key for ${cert} was given, so this was not checked; the real ${actor} needs the key file that belongs to ${cert}.`
		};
	const proof = await proveKey(side.key, leaf.cert, crypto);
	if (proof.ok === true)
		return {
			id,
			actor,
			title,
			ok: true,
			reason: `a signature made with ${side.key.name} verifies with the public key in ${cert}: the key belongs to the certificate.`
		};
	if (proof.ok === undefined)
		return { id, actor, title, ok: true, unchecked: true, reason: `not checked: ${proof.why}.` };
	return {
		id,
		actor,
		title,
		ok: false,
		file: side.key.name,
		reason: `${side.key.name} does not belong to ${cert}: ${proof.why}. The ${actor} cannot sign the handshake with the key its certificate names, so the peer rejects it; Go programs such as CockroachDB refuse to start ("tls: private key does not match public key"), OpenSSL says "key values mismatch".`,
		fix: `Put the key that was made with ${cert} beside it as ${side.key.name}, or issue ${cert} again for this key (field: subjectPublicKeyInfo).`
	};
}

/** The system's rule, not TLS's: CockroachDB logs client.<user>.crt in as its CN (pkg/security/auth.go). */
function identityStep(input: HandshakeInput, leaf: NamedCert): HandshakeStep {
	const expected = input.expectedClientName!;
	const cn = leaf.cert.subjectName.getField('CN')[0] ?? '';
	const ok = cn === expected;
	const file = nameOf(leaf);
	return {
		id: 'server-maps-identity',
		actor: 'server',
		title: `The server maps the client certificate to a user (expects "${expected}")`,
		ok,
		reason: ok
			? `the client certificate has CN=${cn}, so the connection is authenticated as "${cn}"`
			: `the client certificate has ${cn ? `CN=${cn}` : 'no CN'}, but the connection asks to log in as "${expected}": the server refuses it`,
		...(ok
			? {}
			: {
					file,
					fix: `Issue ${file} again with CN=${expected} (field: subject CN), or log in as "${cn}" with a file named for that user.`
				})
	};
}

/** A passing handshake on loopback addresses says nothing about other machines dialling the server. */
function notes(input: HandshakeInput): string[] {
	const leaf = input.server.chain[0];
	if (!leaf) return [];
	const hosts = sanHosts(leaf.cert);
	if (!onlyLoopback(hosts)) return [];
	return [
		`${nameOf(leaf)} names only this machine (${hosts.join(', ')})${isLoopback(input.host) ? `, so it works only for a client on the same machine dialling ${input.host}` : ''}: ${LOOPBACK_WHY}.`
	];
}

type Verdict = VerifyResult;

/** The peer's chain, verified against this side's trust store and the CRLs it holds. */
function judge(
	peer: TlsSide,
	self: TlsSide,
	purpose: 'serverAuth' | 'clientAuth',
	host: string | undefined,
	at: Date,
	deps: PkiDeps
): Promise<Verdict> {
	const [leaf, ...intermediates] = peer.chain;
	return verifyChain(
		{
			leaf: leaf!,
			intermediates,
			roots: self.trusts,
			purpose,
			...(host ? { host } : {}),
			at,
			...(self.crls?.length ? { crls: self.crls, revocation: 'covered' as const } : {})
		},
		deps
	);
}

function checkStep(
	id: HandshakeStep['id'],
	actor: HandshakeStep['actor'],
	title: string,
	v: Verdict | undefined,
	fix: { file?: string; fix: string } | undefined
): HandshakeStep {
	if (!v) return { id, actor, title, ok: false, reason: 'there is no certificate to check' };
	const failure = v.steps.find((s) => !s.ok);
	return {
		id,
		actor,
		title,
		ok: v.ok,
		reason: failure ? failure.reason : `${v.steps.map((s) => s.reason).join('; ')}`,
		verify: { ok: v.ok, steps: v.steps, names: v.names, ...(v.error ? { error: v.error } : {}) },
		...(failure && fix ? fix : {})
	};
}

/** Which of this side's CAs the peer's chain ended at (the verifier's last path entry, when trusted). */
function sideView(side: TlsSide, peerVerdictOfMyTrust: Verdict | undefined): HandshakeSideView {
	const trust = peerVerdictOfMyTrust?.steps.find((s) => s.check === 'trust' && s.ok);
	const anchored = trust !== undefined ? peerVerdictOfMyTrust?.names[peerVerdictOfMyTrust.names.length - 1] : undefined;
	return {
		label: side.label,
		chain: side.chain.map(summary),
		trusts: side.trusts.map(summary),
		...(anchored ? { anchoredAt: anchored } : {})
	};
}

const nameOf = (c: NamedCert) => c.name ?? c.cert.subjectName.getField('CN')[0] ?? c.cert.subject;
const summary = (c: NamedCert): CertSummary => ({ name: nameOf(c), subject: c.cert.subject, issuer: c.cert.issuer });
const names = (list: NamedCert[]) => (list.length ? list.map((c) => `'${nameOf(c)}'`).join(', ') : 'none');
