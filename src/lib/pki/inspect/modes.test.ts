import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { PkiError } from '../errors';
import { readTar, TAR_LIMITS } from '../parse/tar';
import { unpackTars } from './archives';
import { keyModeVerdict, MAX_LISTING_BYTES, modeWords, parseListing, symbolicMode } from './modes';

describe('pasted listings', () => {
	test('ls -l, with a "total" line, an SELinux dot and long-iso times', () => {
		const facts = parseListing(
			[
				'total 24',
				'-rw-r--r--  1 marc staff 1123 Jan  1 12:00 ca.crt',
				'-rw-r-----. 1 root cockroach 1679 Dec 31  2023 node.key',
				'-rw------- 1 marc marc 241 2024-01-01 12:00 client.root.key',
				'drwx------ 2 marc marc 4096 Jan  1 12:00 certs'
			].join('\n')
		);
		expect(facts).toEqual([
			{ name: 'ca.crt', mode: 0o644, owner: 'marc', group: 'staff', from: 'ls -l' },
			{ name: 'node.key', mode: 0o640, owner: 'root', group: 'cockroach', from: 'ls -l' },
			{ name: 'client.root.key', mode: 0o600, owner: 'marc', group: 'marc', from: 'ls -l' }
		]);
	});

	test("stat -c '%a %n', stat -c '%a %U:%G %n' and plain stat", () => {
		expect(parseListing("600 node.key\n644 ca.crt\n$ stat -c '%a %n' *")).toEqual([
			{ name: 'node.key', mode: 0o600, from: 'stat' },
			{ name: 'ca.crt', mode: 0o644, from: 'stat' }
		]);
		expect(parseListing('640 root:cockroach certs/node.key')).toEqual([
			{ name: 'certs/node.key', mode: 0o640, owner: 'root', group: 'cockroach', from: 'stat' }
		]);
		const full = [
			'  File: node.key',
			'  Size: 1679      \tBlocks: 8          IO Block: 4096   regular file',
			'Access: (0644/-rw-r--r--)  Uid: ( 1000/    marc)   Gid: ( 1000/    marc)'
		].join('\n');
		expect(parseListing(full)).toEqual([{ name: 'node.key', mode: 0o644, owner: 'marc', group: 'marc', from: 'stat' }]);
	});

	test('symbolic modes with special bits; nonsense is not a mode', () => {
		expect(symbolicMode('-rwsr-x--x')).toBe(0o4751);
		expect(symbolicMode('-rw-r-----+')).toBe(0o640);
		expect(symbolicMode('-rwxrwxrwt')).toBe(0o1777);
		expect(symbolicMode('hello world')).toBeUndefined();
		expect(modeWords(0o640)).toBe('0640 (-rw-r-----)');
	});

	test('a paste over the budget is refused before it is read', () => {
		expect(() => parseListing('x'.repeat(MAX_LISTING_BYTES + 1))).toThrow(PkiError);
	});

	test('a long hostile line is read in linear time', () => {
		const line = `-rw------- 1 ${'a '.repeat(50_000)}`;
		const t = performance.now();
		parseListing(line);
		expect(performance.now() - t).toBeLessThan(500);
	});
});

describe('key mode rules (CockroachDB certificate_loader.go, libpq fe-secure-openssl.c)', () => {
	test.each([
		[0o600, undefined, 'cockroachdb', true],
		[0o400, undefined, 'libpq', true],
		[0o700, undefined, 'cockroachdb', true],
		[0o640, undefined, 'cockroachdb', false],
		[0o640, 'root', 'cockroachdb', true],
		[0o640, 'root', 'libpq', true],
		[0o660, 'root', 'libpq', false],
		[0o644, 'root', 'cockroachdb', false],
		[0o604, undefined, 'libpq', false]
	] as const)('mode %o owner %s for %s → ok %s', (mode, owner, system, ok) => {
		const v = keyModeVerdict({ name: 'node.key', mode, ...(owner ? { owner } : {}) }, system);
		expect(v.ok).toBe(ok);
		if (!ok) expect(v.fix).toMatch(/chmod 600 node\.key/);
	});
	test('group read with an unknown owner depends on the owner, and says so', () => {
		const v = keyModeVerdict({ name: 'node.key', mode: 0o640 }, 'cockroachdb');
		expect(v).toMatchObject({ ok: false, dependsOnOwner: true });
		expect(v.message).toMatch(/readable by its group.*does not say who owns it/);
		expect(keyModeVerdict({ name: 'node.key', mode: 0o644 }, 'cockroachdb').message).toMatch(
			/its group and every user; CockroachDB refuses it/
		);
	});
});

describe('tar reader', () => {
	const dir = () => {
		const root = mkdtempSync(join(tmpdir(), 'tar-test-'));
		mkdirSync(join(root, 'certs'));
		writeFileSync(join(root, 'certs/node.key'), 'KEY');
		chmodSync(join(root, 'certs/node.key'), 0o644);
		writeFileSync(join(root, 'certs/ca.crt'), 'CA'.repeat(400));
		chmodSync(join(root, 'certs/ca.crt'), 0o600);
		return root;
	};

	test('modes, owners and contents of the files tar writes; folders skipped', () => {
		const root = dir();
		try {
			execFileSync('tar', ['--owner=root', '--group=cockroach', '-cf', 'certs.tar', 'certs'], { cwd: root });
			const tar = new Uint8Array(readFileSync(join(root, 'certs.tar')));
			const entries = readTar(tar, 'certs.tar');
			expect(entries.map((e) => [e.path, e.mode, e.owner, e.group, e.bytes.length]).sort()).toEqual([
				['certs/ca.crt', 0o600, 'root', 'cockroach', 800],
				['certs/node.key', 0o644, 'root', 'cockroach', 3]
			]);
			const gz = unpackTars([{ name: 'certs.tgz', bytes: gzipSync(tar) }]);
			expect(gz.problems).toEqual([]);
			expect(gz.modes.find((m) => m.name === 'certs.tgz › certs/node.key')).toMatchObject({ mode: 0o644, from: 'tar' });
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});

	test('budgets: a too-large entry, a damaged header, a gzip that would unpack too far', () => {
		const root = dir();
		try {
			execFileSync('tar', ['-cf', 'certs.tar', 'certs'], { cwd: root });
			const tar = new Uint8Array(readFileSync(join(root, 'certs.tar')));
			expect(() => readTar(tar, 'certs.tar', { ...TAR_LIMITS, maxEntryBytes: 100 })).toThrow(/files over/);
			const damaged = tar.slice();
			damaged[130] = 0x39; // a size digit that is not octal breaks the checksum
			expect(() => readTar(damaged, 'certs.tar')).toThrow(/damaged tar file/);
			expect(() => readTar(tar.subarray(0, 700), 'certs.tar')).toThrow(/cut short/);
			const bomb = gzipSync(new Uint8Array(TAR_LIMITS.maxTotalBytes + 1024));
			const r = unpackTars([{ name: 'bomb.tar.gz', bytes: bomb }]);
			expect(r.problems[0]?.error.message).toMatch(/would unpack to .* gzip bomb/);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
