import type { PkiDeps } from '../deps';
import { verifyChain } from '../verify/verify';
import type { NamedCert, VerifyResult } from '../verify/types';
import type { CertSummary, HandshakeInput, HandshakeReport, HandshakeSideView, HandshakeStep, TlsSide } from './types';

/**
 * A mutual-TLS handshake as the two peers judge it (RFC 8446 §4.4.2 Certificate, §4.3.2
 * CertificateRequest): the server sends its chain, the client verifies it
 * for serverAuth and the host it dialled, the server asks for a certificate naming the CAs it
 * accepts, the client sends its chain, the server verifies it for clientAuth. Every check is the
 * verifier's (verify/verify.ts); nothing here decides a verdict by itself except the CN-to-user
 * mapping that the system (not TLS) applies.
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
	const serverVerdict = server.chain.length ? await judge(server, client, 'serverAuth', host, at, deps) : undefined;
	steps.push(
		checkStep(
			'client-checks-server',
			'client',
			`The client checks the server's chain against its CAs (${names(client.trusts)}) for serverAuth and host ${host}`,
			serverVerdict
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
			? `${client.label} sends ${names(client.chain)}, and proves it holds the key by signing the handshake (CertificateVerify).`
			: `${client.label} has no certificate to send, so the server ends the handshake.`,
		sent: client.chain.map(summary)
	});
	const clientVerdict = client.chain.length
		? await judge(client, server, 'clientAuth', undefined, at, deps)
		: undefined;
	steps.push(
		checkStep(
			'server-checks-client',
			'server',
			`The server checks the client's chain against its CAs (${names(server.trusts)}) for clientAuth`,
			clientVerdict
		)
	);

	if (input.expectedClientName !== undefined && client.chain[0]) {
		const cn = client.chain[0].cert.subjectName.getField('CN')[0] ?? '';
		const ok = cn === input.expectedClientName;
		steps.push({
			id: 'server-maps-identity',
			actor: 'server',
			title: `The server maps the client certificate to a user (expects "${input.expectedClientName}")`,
			ok,
			reason: ok
				? `the client certificate has CN=${cn}, so the connection is authenticated as "${cn}"`
				: `the client certificate has ${cn ? `CN=${cn}` : 'no CN'}, but the connection asks to log in as "${input.expectedClientName}": the server refuses it`
		});
	}

	const failed = steps.find((s) => !s.ok);
	return {
		ok: !failed,
		...(failed ? { failedStep: failed.id } : {}),
		steps,
		server: sideView(server, clientVerdict),
		client: sideView(client, serverVerdict),
		host
	};
}

type Verdict = VerifyResult;

/** The peer's chain, verified against this side's trust store. */
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
			...(self.crls?.length ? { crls: self.crls } : {})
		},
		deps
	);
}

function checkStep(
	id: HandshakeStep['id'],
	actor: HandshakeStep['actor'],
	title: string,
	v: Verdict | undefined
): HandshakeStep {
	if (!v) return { id, actor, title, ok: false, reason: 'there is no certificate to check' };
	const failure = v.steps.find((s) => !s.ok);
	return {
		id,
		actor,
		title,
		ok: v.ok,
		reason: failure ? failure.reason : `${v.steps.map((s) => s.reason).join('; ')}`,
		verify: { ok: v.ok, steps: v.steps, names: v.names, ...(v.error ? { error: v.error } : {}) }
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
