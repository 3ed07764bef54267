import { createRootCa, type NewRootCa } from '../ca';
import type { PkiDeps } from '../deps';
import { randomSerialHex } from '../serial';
import { wholeSeconds } from '../validity';
import type { NamedCert } from '../verify/types';
import { x509 } from '../x509';
import type { Fault } from './faults';
import { labCrl } from './throwaway';
import type { HandshakeInput, TlsSide } from './types';

/**
 * "Break it safely" on the user's own files: the one certificate the fault concerns is copied with
 * that one change and the same public key (so the dropped key still belongs to it), signed by a
 * throw-away CA that the checking side trusts for this experiment only. Everything else is the
 * dropped files as they are, so the explainer shows what this one fault would do to this setup.
 * Nothing is stored; the throw-away CA's key is dropped when the request ends.
 */

const DAY = 86_400_000;
const SIG = { name: 'ECDSA', hash: 'SHA-256' } as const;

interface Change {
	cn?: string;
	eku?: string[];
	sans?: x509.JsonGeneralName[];
	notBefore?: Date;
	notAfter?: Date;
}

async function copyOf(original: NamedCert, issuer: NewRootCa, change: Change, crypto: Crypto) {
	// RFC 5280 §4.2.1.1 (AKI), §4.2.1.6 (SAN), §4.2.1.12 (EKU): the ones a copy replaces.
	const drop = new Set(['2.5.29.35', ...(change.sans ? ['2.5.29.17'] : []), ...(change.eku ? ['2.5.29.37'] : [])]);
	const subject = change.cn
		? new x509.Name(
				original.cert.subjectName
					.toJSON()
					.map((rdn) => Object.fromEntries(Object.entries(rdn).map(([k, v]) => [k, k === 'CN' ? [change.cn!] : v])))
			)
		: original.cert.subjectName;
	return x509.X509CertificateGenerator.create(
		{
			serialNumber: randomSerialHex(crypto),
			subject,
			issuer: issuer.certificate.subjectName,
			notBefore: wholeSeconds(change.notBefore ?? original.cert.notBefore),
			notAfter: wholeSeconds(change.notAfter ?? original.cert.notAfter),
			publicKey: original.cert.publicKey,
			signingKey: issuer.keys.privateKey,
			signingAlgorithm: SIG,
			extensions: [
				...original.cert.extensions.filter((e) => !drop.has(e.type)),
				...(change.sans ? [new x509.SubjectAlternativeNameExtension(change.sans)] : []),
				...(change.eku ? [new x509.ExtendedKeyUsageExtension(change.eku)] : []),
				await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto)
			]
		},
		crypto
	);
}

const nameOf = (c: NamedCert) => c.name ?? c.cert.subjectName.getField('CN')[0] ?? 'the certificate';

export async function applyFaultToFiles(input: HandshakeInput, fault: Fault, deps: PkiDeps): Promise<HandshakeInput> {
	if (fault === 'none') return input;
	const now = input.at ?? deps.now();
	const crypto = deps.crypto;
	const lab = await createRootCa({ name: 'Throw-away Experiment CA', keyAlgorithm: 'P-256', days: 30 }, deps);
	const labNamed: NamedCert = { cert: lab.certificate, name: 'the experiment CA' };
	const serverLeaf = input.server.chain[0];
	const clientLeaf = input.client.chain[0];
	if (!serverLeaf || !clientLeaf) return input;

	/** Replaces the leaf of one side with its copy; the other side trusts the experiment CA (unless untrusted). */
	const swap = async (which: 'server' | 'client', change: Change, what: string, trusted = true) => {
		const side: TlsSide = input[which];
		const peer: TlsSide = input[which === 'server' ? 'client' : 'server'];
		const leaf = side.chain[0]!;
		const issuer = trusted ? lab : await createRootCa({ name: 'Some Other CA', keyAlgorithm: 'P-256', days: 30 }, deps);
		const cert = await copyOf(leaf, issuer, change, crypto);
		const copy: NamedCert = { cert, name: `${nameOf(leaf)} (copy: ${what})` };
		const sides = {
			[which]: { ...side, chain: [copy] },
			[which === 'server' ? 'client' : 'server']: trusted ? { ...peer, trusts: [...peer.trusts, labNamed] } : peer
		} as { server: TlsSide; client: TlsSide };
		return { copy, sides };
	};
	const note = (file: string, what: string, who: string) =>
		`Experiment on your files: ${file} was copied with ${what}, keeping its public key, and signed by a throw-away CA that ${who}; every other file is used as dropped.`;
	const server = nameOf(serverLeaf);
	const client = nameOf(clientLeaf);

	switch (fault) {
		case 'expired': {
			const { sides } = await swap(
				'server',
				{ notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() - 2 * DAY) },
				'expired'
			);
			return { ...input, ...sides, experiment: note(server, 'notAfter two days ago', 'the client trusts') };
		}
		case 'not-yet-valid': {
			const { sides } = await swap(
				'client',
				{ notBefore: new Date(now.getTime() + 2 * DAY), notAfter: new Date(now.getTime() + 9 * DAY) },
				'not yet valid'
			);
			return { ...input, ...sides, experiment: note(client, 'notBefore two days from now', 'the server trusts') };
		}
		case 'wrong-ca': {
			const { sides } = await swap('server', {}, 'from another CA', false);
			return { ...input, ...sides, experiment: note(server, 'no change to its fields', 'the client does NOT trust') };
		}
		case 'missing-san': {
			const { sides } = await swap(
				'server',
				{ sans: [{ type: 'dns', value: 'some-other-host.example' }] },
				`without ${input.host}`
			);
			return {
				...input,
				...sides,
				experiment: note(server, 'only some-other-host.example as its subject alternative name', 'the client trusts')
			};
		}
		case 'server-auth-only-client': {
			const { sides } = await swap('client', { eku: [x509.ExtendedKeyUsage.serverAuth] }, 'serverAuth only');
			return { ...input, ...sides, experiment: note(client, 'extendedKeyUsage serverAuth only', 'the server trusts') };
		}
		case 'cn-mismatch': {
			const expected = input.expectedClientName ?? clientLeaf.cert.subjectName.getField('CN')[0] ?? 'marc';
			const other = expected === 'bob' ? 'alice' : 'bob';
			const { sides } = await swap('client', { cn: other }, `CN=${other}`);
			return {
				...input,
				...sides,
				expectedClientName: expected,
				experiment: note(client, `CN=${other}`, 'the server trusts')
			};
		}
		case 'revoked': {
			const { copy, sides } = await swap('client', {}, 'revoked');
			const crl = await labCrl(lab, [copy.cert.serialNumber], now, crypto);
			sides.server = { ...sides.server, crls: [...(sides.server.crls ?? []), crl] };
			return {
				...input,
				...sides,
				experiment: note(client, 'no change, then revoked in a CRL the server holds', 'the server trusts')
			};
		}
	}
}
