import { beforeAll, describe, expect, test } from 'vitest';
import type { KeyAlgorithm } from '../pki/algorithms';
import type { PkiDeps } from '../pki/deps';
import { defaultLab, labProfiles } from '../pki/lab/definition';
import { kindLintTargets, lintFiles, lintTarget, pairedKey, runLint, type LintCert } from '../pki/lint';
import { parseInputs } from '../pki/parse';
import { PROFILES, type Profile } from '../pki/profiles';
import { operations, type OperationContext } from './operations';
import type { FolderRequest, IssuedBundle, UnlockedCa } from './protocol';

/**
 * The app's own output must pass the lint rules of the system it is for: every kind of every profile
 * issued from the form, and every system's quick lab, for each key algorithm a CA and its leaves may
 * use. The bundles are issued by the worker's operations and linted as the inspector lints a dropped
 * zip, each certificate against the targets its system's lint.ts names for its kind.
 */

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const ctx: OperationContext = { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
const ALGORITHMS: KeyAlgorithm[] = ['P-256', 'P-384', 'RSA-2048', 'Ed25519'];
const TRUST_DOMAIN = '11111111-2222-3333-4444-555555555555.consul';
const PASSWORD = 'lint own output 1';
const TEXT = /(\.(txt|yml|yaml|hcl|sh|flags|conf|cfg|cnf|py|json)|\/initial-cluster)$/;
/** Every default of the form and every lab is reachable as localhost. */
const HOSTS = ['localhost'];

async function newCa(role: string, name: string, keyAlgorithm: KeyAlgorithm, uris?: string[]): Promise<UnlockedCa> {
	const created = await operations.createCa(
		{
			caId: `${role}-${name}`,
			name,
			keyAlgorithm,
			days: 3650,
			passphrase: 'p',
			...(uris ? { options: { uris } } : {})
		},
		ctx
	);
	return { role, id: `${role}-${name}`, name, certificateDer: created.certificateDer, privateKey: created.privateKey };
}

/**
 * Every field of the form at its default, as the form opens; a field that opens empty (the
 * CockroachDB node hosts, which the form asks the user for) gets localhost, a single-machine test.
 */
function defaults(profile: Profile): Record<string, string> {
	const fields = [...(profile.fields ?? []), ...Object.values(profile.kinds).flatMap((k) => k.fields)];
	return Object.fromEntries(
		fields.map((f) => [f.id, f.id === 'hosts' && f.default === '' ? HOSTS.join(', ') : f.default])
	);
}

/**
 * Lints a bundle's zip per target: the CA certificates, and the certificates (with their keys) of the
 * kinds that must pass it. Returns the broken error rules as lines, and what each target checked.
 */
async function lintBundle(profileId: string, bundle: IssuedBundle, password?: string) {
	const parsed = await parseInputs([{ name: bundle.zipName, bytes: bundle.zip }], deps, password ? { password } : {});
	// The README, snippets, scripts and lab.json are text the inspector skips; nothing else may fail to parse.
	const unread = parsed.problems.filter((p) => !(p.error.code === 'input-unrecognized' && TEXT.test(p.label)));
	expect(unread.map((p) => p.error.message)).toEqual([]);
	const { certs, keys } = lintFiles(parsed.items);
	const kindOf = (c: LintCert) =>
		bundle.certificates.find((issued) => sameBytes(issued.certificateDer, c.cert.rawData))?.kindId;
	const targets = [...new Set(bundle.certificates.flatMap((c) => kindLintTargets(profileId, c.kindId)))];
	const broken: string[] = [];
	const checked: Record<string, { leaves: number; passed: number }> = {};
	for (const id of targets) {
		const leaves = certs.filter((c) => {
			const kind = kindOf(c);
			return kind !== undefined && kindLintTargets(profileId, kind).includes(id);
		});
		const report = await runLint(lintTarget(id), {
			certs: [...certs.filter((c) => c.isCa), ...leaves],
			keys: keys.filter((k) => leaves.some((c) => pairedKey(c, keys) === k)),
			hosts: HOSTS,
			trusted: [],
			now: NOW,
			crypto: globalThis.crypto
		});
		for (const rule of report.results)
			if (rule.status === 'fail' && rule.severity === 'error')
				broken.push(...rule.findings.map((f) => `${id} ${rule.id}: ${f.message}`));
		checked[id] = { leaves: leaves.length, passed: report.results.filter((r) => r.status === 'pass').length };
	}
	return { broken, checked, issued: bundle.certificates.length, leafCerts: certs.filter((c) => !c.isCa).length };
}

function sameBytes(a: Uint8Array | undefined, b: ArrayBuffer): boolean {
	return a !== undefined && Buffer.from(a).equals(Buffer.from(b));
}

/** Each target looked at some certificate and passed rules, and every issued certificate was read back. */
function expectClean(result: Awaited<ReturnType<typeof lintBundle>>) {
	expect(result.broken).toEqual([]);
	expect(result.leafCerts).toBe(result.issued);
	for (const [id, { leaves, passed }] of Object.entries(result.checked)) {
		expect(leaves, id).toBeGreaterThan(0);
		expect(passed, id).toBeGreaterThan(0);
	}
}

describe.each(ALGORITHMS)('the app lints its own %s output clean', (keyAlgorithm) => {
	let ca: UnlockedCa;
	let clientCa: UnlockedCa;
	let connectCa: UnlockedCa;
	beforeAll(async () => {
		[ca, clientCa, connectCa] = await Promise.all([
			newCa('ca', 'Own Output Root', keyAlgorithm),
			newCa('client', 'Own Output Client CA', keyAlgorithm),
			newCa('ca', 'Own Output Connect', keyAlgorithm, [`spiffe://${TRUST_DOMAIN}`])
		]);
	}, 120_000);

	/** One bundle of every kind of the profile, each with the form's defaults, in one folder. */
	async function formBundle(profile: Profile, issuers: UnlockedCa[], format: 'pem' | 'pkcs12') {
		const input = defaults(profile);
		const folders: FolderRequest[] = [
			{
				folder: '',
				leaves: Object.keys(profile.kinds).map((kindId) => ({
					profileId: profile.id,
					kindId,
					input,
					keyAlgorithm,
					days: profile.defaults.leafDays
				}))
			}
		];
		return operations.issueBundle(
			{
				issuers,
				profileId: profile.id,
				folders,
				zipName: `${profile.id}.zip`,
				output: format === 'pkcs12' ? { format, password: PASSWORD } : { format }
			},
			ctx
		);
	}

	const forms = PROFILES.flatMap((profile) => profile.formats.map((format) => ({ profile, format })));
	test.each(forms.map((f) => [f.profile.id, f.format, f] as const))(
		'%s, every kind from the form, as %s',
		async (_id, format, { profile }) => {
			const issuers = [profile.id === 'consul-connect' ? connectCa : ca];
			const bundle = await formBundle(profile, issuers, format);
			expectClean(await lintBundle(profile.id, bundle, format === 'pkcs12' ? PASSWORD : undefined));
		}
	);

	test('cockroachdb with a split client CA (ca-client.crt)', async () => {
		const cockroachdb = PROFILES.find((p) => p.id === 'cockroachdb')!;
		const bundle = await formBundle(cockroachdb, [ca, clientCa], 'pem');
		const result = await lintBundle('cockroachdb', bundle);
		expectClean(result);
		expect(bundle.certificates.find((c) => c.kindId === 'client')?.caId).toBe(clientCa.id);
	});

	const labs = labProfiles().flatMap((profile) => profile.formats.map((format) => ({ profile, format })));
	test.each(labs.map((l) => [l.profile.id, l.format, l] as const))(
		'%s quick lab, as %s',
		async (_id, format, { profile }) => {
			// Two nodes show what one member's files say of another; a keystore lab has one (each .p12 costs
			// two PBKDF2 runs to write and two to read, and every node's are alike).
			const nodes = format === 'pkcs12' ? 1 : 2;
			const lab = { ...defaultLab(profile.id, profile.defaults.leafDays), nodes, keyAlgorithm, output: format };
			const bundle = await operations.issueLab(
				{ issuers: [ca], lab, caName: 'Own Output Root', password: PASSWORD },
				ctx
			);
			expectClean(await lintBundle(profile.id, bundle, format === 'pkcs12' ? PASSWORD : undefined));
		}
	);
});
