import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PkiErrorCode } from '../errors';
import { mutate, prng, within } from '../../testing/fuzz';
import { csrFor, selfSignedP256 } from '../../testing/openssl';
import { parseInputs } from './parse';

/**
 * Hostile input changes nothing: parseInputs, the one entry for every file a person drops
 * or pastes, gets 10,000 mutated and truncated inputs per format. Each must resolve (parseInputs
 * reports problems as data and never rejects) within a time bound, with every problem carrying a
 * known user-facing code and every item a known kind with DER bytes. Seeds come from OpenSSL with one
 * KDF iteration, so a PKCS#12 or encrypted key that survives mutation is cheap to open.
 */
const CASES = 10_000;
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;
const deps = { crypto: globalThis.crypto };
const USER_CODES: PkiErrorCode[] = [
	'input-empty',
	'input-too-large',
	'input-unrecognized',
	'input-malformed',
	'input-unsupported',
	'zip-too-large',
	'password-required',
	'password-wrong'
];
const KINDS = ['certificate', 'csr', 'crl', 'private-key'];

let dir: string;
const seeds: Record<'pem' | 'der' | 'csr' | 'crl' | 'pkcs12' | 'zip', Uint8Array[]> = {
	pem: [],
	der: [],
	csr: [],
	crl: [],
	pkcs12: [],
	zip: []
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
	const sh = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));
	sh(...selfSignedP256('ca.key', 'ca.crt', '/CN=Fuzz CA', ['subjectAltName=DNS:a.lab,IP:10.0.0.1']));
	sh('x509', '-in', 'ca.crt', '-outform', 'DER', '-out', 'ca.der');
	sh(...csrFor('ca.key', 'req.csr', '/CN=csr.lab', ['subjectAltName=DNS:csr.lab']));
	sh('req', '-in', 'req.csr', '-outform', 'DER', '-out', 'req.der');
	sh('ecparam', '-genkey', '-name', 'prime256v1', '-out', 'sec1.key');
	sh(
		'pkcs8',
		'-topk8',
		'-v2',
		'aes-256-cbc',
		'-iter',
		'1',
		'-in',
		'ca.key',
		'-passout',
		'pass:fuzz',
		'-out',
		'enc.key'
	);
	sh('pkcs8', '-topk8', '-nocrypt', '-in', 'ca.key', '-outform', 'DER', '-out', 'key.der');
	// A CRL needs a CA database; a minimal config makes one.
	execFileSync(
		'sh',
		[
			'-c',
			'touch index.txt && echo 01 > crlnumber && printf ' +
				'"[ca]\\ndefault_ca=c\\n[c]\\ndatabase=index.txt\\ncrlnumber=crlnumber\\ndefault_md=sha256\\ndefault_crl_days=30\\n" ' +
				'> ca.cnf'
		],
		{ cwd: dir }
	);
	sh('ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'ca.key', '-cert', 'ca.crt', '-out', 'ca.crl');
	sh('crl', '-in', 'ca.crl', '-outform', 'DER', '-out', 'crl.der');
	sh(
		'pkcs12',
		'-export',
		'-in',
		'ca.crt',
		'-inkey',
		'ca.key',
		'-name',
		'fuzz',
		'-iter',
		'1',
		'-nomaciter',
		'-passout',
		'pass:fuzz',
		'-out',
		'a.p12'
	);

	seeds.pem = ['ca.crt', 'req.csr', 'ca.crl', 'sec1.key', 'enc.key', 'ca.key'].map(read);
	seeds.der = ['ca.der', 'req.der', 'crl.der', 'key.der'].map(read);
	seeds.csr = [read('req.csr'), read('req.der')];
	seeds.crl = [read('ca.crl'), read('crl.der')];
	seeds.pkcs12 = [read('a.p12')];
	const unix = (mode: number) => ({ os: 3, attrs: ((0o100000 | mode) << 16) >>> 0 });
	seeds.zip = [
		zipSync(
			{ 'certs/ca.crt': [read('ca.crt'), unix(0o644)], 'certs/node.key': [read('ca.key'), unix(0o600)] },
			{ level: 0 }
		),
		zipSync({ 'ca.der': read('ca.der'), 'req.csr': read('req.csr') }, { level: 6 })
	];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** PEM text is mostly base64: half the cases mutate the DER inside and wrap it again, to reach the DER parsers. */
function pemAware(samples: Uint8Array[], random: () => number): Uint8Array {
	if (random() < 0.5) return mutate(samples, random);
	const text = new TextDecoder('latin1').decode(samples[Math.floor(random() * samples.length)]);
	const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
	if (!m) return mutate(samples, random);
	const der = Uint8Array.from(atob(m[2]!.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
	const b64 = btoa(String.fromCharCode(...mutate([der], random)));
	return new TextEncoder().encode(`-----BEGIN ${m[1]}-----\n${b64.replace(/.{64}/g, '$&\n')}\n-----END ${m[1]}-----\n`);
}

async function fuzz(
	family: keyof typeof seeds,
	seed: number
): Promise<{ items: number; problems: number; slowest: number }> {
	const random = prng(seed);
	const bad: string[] = [];
	let items = 0;
	let problems = 0;
	let slowest = 0;
	for (let i = 0; i < CASES; i++) {
		const input =
			family === 'pem' || family === 'csr' || family === 'crl'
				? pemAware(seeds[family], random)
				: mutate(seeds[family], random);
		const started = performance.now();
		try {
			const result = await within(
				BOUND_MS,
				parseInputs([{ name: `case-${i}`, bytes: input }], deps, { password: 'fuzz' })
			);
			for (const p of result.problems)
				if (!USER_CODES.includes(p.error.code) || !p.error.message)
					bad.push(`${family} ${i}: problem ${p.error.code} "${p.error.message}"`);
			for (const item of result.items)
				if (!KINDS.includes(item.kind) || !(item.der instanceof Uint8Array))
					bad.push(`${family} ${i}: item ${item.kind}`);
			items += result.items.length;
			problems += result.problems.length;
		} catch (error) {
			bad.push(`${family} ${i}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
		}
		slowest = Math.max(slowest, performance.now() - started);
		if (bad.length > 20) break;
	}
	expect(bad).toEqual([]);
	return { items, problems, slowest };
}

describe('parseInputs fuzz', () => {
	test.each([
		['pem', 1],
		['der', 2],
		['csr', 3],
		['crl', 4],
		['pkcs12', 5],
		['zip', 6]
	] as const)(
		`${CASES} mutated %s inputs end in items or typed problems, each within ${BOUND_MS} ms`,
		async (family, seed) => {
			const { items, problems, slowest } = await fuzz(family, seed);
			// Both outcomes happen: the mutations neither all break nor all miss the parsers.
			expect(items).toBeGreaterThan(0);
			expect(problems).toBeGreaterThan(0);
			expect(slowest).toBeLessThan(BOUND_MS);
		},
		120_000
	);
});
