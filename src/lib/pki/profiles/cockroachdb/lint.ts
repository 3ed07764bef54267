import { allows, chainRule, eachCert, ekuWords, expiryRules, hostsRule, keyMatchRule } from '../../lint/common';
import { keyModeVerdict } from '../../inspect/modes';
import { pairedKey } from '../../lint/inputs';
import type { LintInput, LintRule, SystemLint } from '../../lint/types';

/**
 * What CockroachDB enforces on a certs-dir ("Create Security Certificates using a Custom CA",
 * https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca, and
 * pkg/security/certificate_loader.go, which finds files by these exact names).
 */

const DOC =
	'CockroachDB docs, "Create Security Certificates using a Custom CA" (https://www.cockroachlabs.com/docs/stable/create-security-certificates-custom-ca)';
const LOADER = 'cockroach pkg/security/certificate_loader.go';

const named = (input: LintInput, base: string) => input.certs.filter((c) => c.base === base);
const clientUser = (base: string) => /^client\.(.+)\.crt$/.exec(base)?.[1];
const userCerts = (input: LintInput) =>
	input.certs.filter((c) => clientUser(c.base) !== undefined && c.base !== 'client.node.crt');
const hasInDir = (input: LintInput, dir: string, base: string) =>
	input.certs.some((c) => c.dir === dir && c.base === base);

const nodeCn: LintRule = {
	id: 'crdb-node-cn',
	title: 'node.crt must have CN=node, unless client.node.crt is present (split node certificates)',
	source: `${DOC}, "Node key and certificates"`,
	severity: 'error',
	check: eachCert(
		(i) => named(i, 'node.crt'),
		(c, input) =>
			c.cn === 'node' || hasInDir(input, c.dir, 'client.node.crt')
				? undefined
				: {
						file: c.path,
						message: `node.crt has ${c.cn ? `CN=${c.cn}` : 'no CN'}; nodes authenticate to each other as the user "node", so CockroachDB refuses it ("client/server node certificate has principals …, expected \\"node\\"").`,
						fix: 'Issue node.crt again with CN=node, or add a client.node.crt with CN=node (split node certificates).'
					}
	)
};

const clientNodeCn: LintRule = {
	id: 'crdb-client-node-cn',
	title: 'client.node.crt must have CN=node',
	source: `${DOC}, "Split node certificates"`,
	severity: 'error',
	check: eachCert(
		(i) => named(i, 'client.node.crt'),
		(c) =>
			c.cn === 'node'
				? undefined
				: {
						file: c.path,
						message: `client.node.crt has ${c.cn ? `CN=${c.cn}` : 'no CN'}; it must be CN=node.`,
						fix: 'Issue client.node.crt again with CN=node.'
					}
	)
};

const clientCn: LintRule = {
	id: 'crdb-client-cn',
	title: 'Each client.<user>.crt must have CN=<user>',
	source: `${DOC}, "Client key and certificates"`,
	severity: 'error',
	check: eachCert(userCerts, (c) => {
		const user = clientUser(c.base)!;
		return c.cn === user
			? undefined
			: {
					file: c.path,
					message: `${c.base} has ${c.cn ? `CN=${c.cn}` : 'no CN'}; CockroachDB logs it in as "${c.cn}", not "${user}", and refuses the login as ${user}.`,
					fix: `Issue ${c.base} again with CN=${user}, or rename it to client.${c.cn || '<user>'}.crt.`
				};
	})
};

/**
 * The loader's key-mode check (maxKeyPermissions 0700; 0740 when root owns the file and its group is
 * the process's), said in the same words as the inspector's key-mode findings: one verdict for both.
 */
const keyMode: LintRule = {
	id: 'crdb-key-mode',
	title: 'Private keys must not be readable by group or others (at most 0700; 0740 when root owns the key)',
	source: `${LOADER} (maxKeyPermissions 0700, maxGroupKeyPermissions 0740, checkFilePermissions); ${DOC}`,
	severity: 'error',
	check(input) {
		const keys = input.keys.filter((k) => k.mode !== undefined);
		if (keys.length === 0) return null;
		return keys.flatMap((k) => {
			const verdict = keyModeVerdict(
				{ name: k.base, mode: k.mode!, ...(k.owner !== undefined ? { owner: k.owner } : {}) },
				'cockroachdb'
			);
			return verdict.ok ? [] : [{ file: k.path, message: `${k.base} has ${verdict.message}`, fix: verdict.fix ?? '' }];
		});
	}
};

const nodeEku: LintRule = {
	id: 'crdb-node-eku',
	title: 'node.crt must allow serverAuth, and clientAuth too unless client.node.crt is present',
	source: `${DOC}; cockroach pkg/security/x509.go GenerateServerCert sets both ("for inter-node RPC")`,
	severity: 'error',
	check: eachCert(
		(i) => named(i, 'node.crt'),
		(c, input) => {
			const needClient = !hasInDir(input, c.dir, 'client.node.crt');
			const missing = [
				!allows(c.cert, 'serverAuth') && 'serverAuth',
				needClient && !allows(c.cert, 'clientAuth') && 'clientAuth'
			].filter(Boolean);
			return missing.length === 0
				? undefined
				: {
						file: c.path,
						message: `node.crt's extended key usage lists only ${ekuWords(c.cert)}; it lacks ${missing.join(' and ')}, which ${needClient ? 'nodes need to accept and to dial each other' : 'nodes need to accept connections'}.`,
						fix: `Issue node.crt again with extendedKeyUsage = serverAuth, clientAuth.`
					};
		}
	)
};

const clientEku: LintRule = {
	id: 'crdb-client-eku',
	title: 'client.<user>.crt and client.node.crt must allow clientAuth',
	source: `${DOC}; Go crypto/tls verifies client certificates with ExtKeyUsageClientAuth`,
	severity: 'error',
	check: eachCert(
		(i) => i.certs.filter((c) => clientUser(c.base) !== undefined),
		(c) =>
			allows(c.cert, 'clientAuth')
				? undefined
				: {
						file: c.path,
						message: `${c.base} may not be used as a TLS client: its extended key usage lists only ${ekuWords(c.cert)}.`,
						fix: `Issue ${c.base} again with extendedKeyUsage = clientAuth.`
					}
	)
};

const keyPresent: LintRule = {
	id: 'crdb-key-present',
	title: 'Each node.crt, client.node.crt and client.<user>.crt needs its .key beside it',
	source: `${LOADER} (a certificate is loaded with the key of the same name)`,
	severity: 'error',
	check: eachCert(
		(i) => i.certs.filter((c) => c.base === 'node.crt' || clientUser(c.base) !== undefined || c.base === 'ui.crt'),
		(c, input) =>
			pairedKey(c, input.keys)
				? undefined
				: {
						file: c.path,
						message: `${c.base} has no ${c.base.replace(/\.crt$/, '.key')} beside it.`,
						fix: `Copy ${c.base.replace(/\.crt$/, '.key')} into the same certs-dir.`
					}
	)
};

const caPresent: LintRule = {
	id: 'crdb-ca-present',
	title: 'A certs-dir with node or client certificates must hold ca.crt',
	source: `${DOC}, "Node key and certificates" (ca.crt)`,
	severity: 'error',
	check(input) {
		const dirs = [
			...new Set(input.certs.filter((c) => c.base === 'node.crt' || clientUser(c.base) !== undefined).map((c) => c.dir))
		];
		if (dirs.length === 0) return null;
		return dirs
			.filter((d) => !hasInDir(input, d, 'ca.crt'))
			.map((d) => ({
				file: d || '(top folder)',
				message: `${d || 'The top folder'} has node or client certificates but no ca.crt.`,
				fix: 'Copy the CA certificate into the certs-dir as ca.crt.'
			}));
	}
};

const nodes = (input: LintInput) => named(input, 'node.crt');

/** One target for the whole certs-dir: every kind's certificate is checked with the files beside it. */
export const lint: SystemLint = {
	rules: {
		cockroachdb: [
			nodeCn,
			clientNodeCn,
			clientCn,
			keyMode,
			nodeEku,
			clientEku,
			keyPresent,
			caPresent,
			keyMatchRule(`${LOADER}; RFC 8446 §4.4.3`),
			...expiryRules(),
			hostsRule(
				nodes,
				`${DOC}: "All IP addresses and DNS names for the node must be listed in Subject Alternative Name"`,
				'node certificate'
			),
			chainRule('any', `${DOC}: "Must be signed by ca.crt"`, (i) =>
				i.certs.filter((c) => c.base === 'node.crt' || clientUser(c.base) !== undefined)
			)
		]
	},
	kinds: { node: ['cockroachdb'], clientNode: ['cockroachdb'], client: ['cockroachdb'], ui: ['cockroachdb'] }
};
