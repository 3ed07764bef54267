import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { centralModes } from '../testing/zip-entries';
import { MODE_KEY, MODE_PUBLIC, zipBundle } from './zip';

describe('zipBundle', () => {
	test('records Unix modes: keys 0600, certificates 0644, folders 0700, made by Unix', () => {
		const zip = zipBundle(
			[
				{ path: 'README.txt', data: 'hello', mode: MODE_PUBLIC },
				{ path: 'node1/ca.crt', data: 'ca', mode: MODE_PUBLIC },
				{ path: 'node1/node.key', data: 'key', mode: MODE_KEY }
			],
			new Date('2026-03-01T12:00:00Z')
		);
		expect(centralModes(zip)).toEqual([
			['node1/', 3, 0o040700],
			['README.txt', 3, 0o100644],
			['node1/ca.crt', 3, 0o100644],
			['node1/node.key', 3, 0o100600]
		]);
		const files = unzipSync(zip);
		expect(new TextDecoder().decode(files['node1/node.key'])).toBe('key');
	});

	test('deflates text and stores key material, and unzip reads both back', () => {
		const readme = 'Copy this folder to the node, then run the start script.\n'.repeat(40);
		const pem = `-----BEGIN CERTIFICATE-----\n${'MIIB'.repeat(100)}\n-----END CERTIFICATE-----\n`;
		const zip = zipBundle(
			[
				{ path: 'README.txt', data: readme, mode: MODE_PUBLIC },
				{ path: 'node1/start.sh', data: readme, mode: MODE_PUBLIC },
				{ path: 'node1/node.crt', data: pem, mode: MODE_PUBLIC },
				{ path: 'node1/node.key', data: pem, mode: MODE_KEY },
				{ path: 'node1/keystore.p12', data: new Uint8Array(64), mode: MODE_KEY },
				{ path: 'kubernetes/cockroachdb-secrets.yaml', data: pem, mode: MODE_KEY },
				{ path: 'kubernetes/cockroachdb-values.yaml', data: readme, mode: MODE_PUBLIC }
			],
			new Date('2026-03-01T12:00:00Z')
		);
		// Compression method of each central-directory entry (APPNOTE.TXT §4.4.5: 0 stored, 8 deflated).
		const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
		const methods: Record<string, number> = {};
		for (let i = 0; i + 46 <= zip.length; i++) {
			if (view.getUint32(i, true) !== 0x02014b50) continue;
			const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + view.getUint16(i + 28, true)));
			methods[name] = view.getUint16(i + 10, true);
		}
		expect(methods).toMatchObject({
			'README.txt': 8,
			'node1/start.sh': 8,
			'node1/node.crt': 0,
			'node1/node.key': 0,
			'node1/keystore.p12': 0,
			'kubernetes/cockroachdb-secrets.yaml': 0,
			'kubernetes/cockroachdb-values.yaml': 8
		});
		const dir = mkdtempSync(join(tmpdir(), 'zip-'));
		try {
			writeFileSync(join(dir, 'b.zip'), zip);
			execFileSync('unzip', ['-q', join(dir, 'b.zip'), '-d', join(dir, 'out')]);
			expect(readFileSync(join(dir, 'out/README.txt'), 'utf8')).toBe(readme);
			expect(readFileSync(join(dir, 'out/node1/node.key'), 'utf8')).toBe(pem);
			expect(readFileSync(join(dir, 'out/kubernetes/cockroachdb-secrets.yaml'), 'utf8')).toBe(pem);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	test('refuses two files at one path', () => {
		expect(() =>
			zipBundle(
				[
					{ path: 'a.crt', data: '1', mode: MODE_PUBLIC },
					{ path: 'a.crt', data: '2', mode: MODE_PUBLIC }
				],
				new Date()
			)
		).toThrow(/Duplicate path/);
	});
});
